import express from 'express';
import request from 'supertest';
import { Admission } from './admission.js';

/** An app whose /v1/slow answers only when the test says so, behind the admission middleware. */
function appWith(admission: Admission) {
  const waiting: (() => void)[] = [];
  const handled: string[] = [];
  const app = express();
  app.use(admission.middleware);
  app.use(express.json());
  app.all(/.*/, (req, res) => {
    handled.push(req.path);
    if (req.path === '/v1/slow') waiting.push(() => res.json({ ok: true }));
    else res.json({ ok: true });
  });
  return { app, waiting, handled };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('admission', () => {
  it('answers 503 with Retry-After at once beyond the in-flight limit, handling nothing, and admits again once one finishes', async () => {
    const admission = new Admission(2, { isConnected: () => true });
    const { app, waiting, handled } = appWith(admission);
    const server = app.listen(0, '127.0.0.1');
    try {
      const slow = [
        request(server)
          .get('/v1/slow')
          .then((r) => r),
        request(server)
          .get('/v1/slow')
          .then((r) => r),
      ];
      await until(() => waiting.length === 2);

      const refused = await request(server).post('/v1/orders').send({ brandId: 'x' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 503, detail: expect.stringContaining('nothing was accepted') });
      expect(handled).toEqual(['/v1/slow', '/v1/slow']);

      // Routes outside the API and the long-lived streams are not counted; a tracking link's plain read is.
      await request(server).get('/health/live').expect(200);
      await request(server).get('/v1/stream').expect(200);
      await request(server).get('/v1/track/q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe/stream').expect(200);
      await request(server).get('/v1/track/q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe').expect(503);

      waiting.shift()!();
      await slow[0];
      await request(server).get('/v1/orders').expect(200);
      waiting.shift()!();
      await slow[1];
      expect(admission.current).toBe(0);
    } finally {
      server.close();
    }
  });

  it('answers every API request 503 with Retry-After while the broker is unreachable', async () => {
    let connected = false;
    const { app, handled } = appWith(new Admission(100, { isConnected: () => connected }));
    for (const path of ['/v1/orders', '/v1/stream']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.detail).toMatch(/broker is unreachable/);
    }
    await request(app).get('/health/ready').expect(200);
    expect(handled).toEqual(['/health/ready']);
    connected = true;
    await request(app).get('/v1/orders').expect(200);
  });
});
