import express from 'express';
import { type ClientRequest, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '#test-support/wait.js';
import { LARGE_BODIES_PER_KEY, LARGE_BODY_BYTES, LargeBodies } from './large-bodies.js';

describe('LargeBodies', () => {
  const gate = new LargeBodies();
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.use(gate.middleware);
    app.post('/v1/orders', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
      res.json({ bytes: (req.body as Buffer).length });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** A POST whose headers are sent and whose body is held back until `finish`. */
  function open(key: string, length: number) {
    const req: ClientRequest = httpRequest({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/v1/orders',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': length },
    });
    const answer = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res);
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    return { answer, finish: () => req.end(Buffer.alloc(length, 0x20)) };
  }

  it('answers 429 at once to a key over its large bodies in flight, while other keys and small bodies pass', async () => {
    const held = Array.from({ length: LARGE_BODIES_PER_KEY }, () => open('flood', LARGE_BODY_BYTES + 1));
    const over = await open('flood', LARGE_BODY_BYTES + 1).answer;
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBe('1');

    const quiet = open('quiet', LARGE_BODY_BYTES + 1);
    const small = open('flood', 100);
    quiet.finish();
    small.finish();
    expect((await quiet.answer).statusCode).toBe(200);
    expect((await small.answer).statusCode).toBe(200);

    for (const request of held) request.finish();
    expect((await Promise.all(held.map((h) => h.answer))).map((r) => r.statusCode)).toEqual(held.map(() => 200));
    const again = open('flood', LARGE_BODY_BYTES + 1);
    again.finish();
    expect((await again.answer).statusCode).toBe(200);
    await eventually(() => gate.keysInFlight === 0, 'every large body counted out once answered');
  });
});
