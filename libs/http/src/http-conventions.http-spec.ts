import { Controller, Get, type INestApplication, NotFoundException, Param, Patch, Post, Res } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { configureHttpApp, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from './index.js';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return { items: [] };
  }
  @Post()
  create() {
    return { id: 'new' };
  }
  @Get(':id')
  get(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    if (id === 'missing') throw new NotFoundException(`No thing ${id}.`);
    res.setHeader('ETag', '"7"');
    return { id, version: 7 };
  }
  @Patch(':id')
  change(@Param('id') id: string) {
    return { id };
  }
}

async function appWith(corsOrigins?: string[]): Promise<{ app: INestApplication; http: () => request.Agent }> {
  const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureHttpApp(app, { corsOrigins });
  await app.init();
  const server = app.getHttpServer() as App;
  return { app, http: () => request(server) };
}

describe('methods', () => {
  let t: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => (t = await appWith()));
  afterAll(() => t.app.close());

  it.each([
    ['DELETE', '/things/1', 'GET, HEAD, OPTIONS, PATCH'],
    ['PUT', '/things', 'GET, HEAD, OPTIONS, POST'],
    ['POST', '/things/1', 'GET, HEAD, OPTIONS, PATCH'],
    ['PATCH', '/things/', 'GET, HEAD, OPTIONS, POST'],
  ])('%s %s: 405 problem with Allow: %s, from the registered routes', async (method, path, allow) => {
    const res = await t.http()[method.toLowerCase() as 'delete'](path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://problems.orders.dev/method-not-allowed', status: 405, instance: path });
    expect(res.body.detail).toContain(method);
  });

  it('an unknown path stays 404, without Allow', async () => {
    const res = await t.http().delete('/nothing/here');
    expect(res.status).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });

  it('a 404 from a route that took the request stays 404', async () => {
    const res = await t.http().get('/things/missing');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('No thing missing.');
  });

  it('OPTIONS on a served path: 204 with Allow; on an unknown one: 404', async () => {
    const res = await t.http().options('/things/1');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS, PATCH');
    expect((await t.http().options('/nothing')).status).toBe(404);
  });
});

describe('CORS', () => {
  it('is off by default: no CORS header on answers or preflights', async () => {
    const t = await appWith();
    try {
      const res = await t.http().get('/things').set('Origin', 'https://shop.example.com');
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      const preflight = await t
        .http()
        .options('/things')
        .set('Origin', 'https://shop.example.com')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.app.close();
    }
  });

  describe('with an allow-list', () => {
    let t: Awaited<ReturnType<typeof appWith>>;
    beforeAll(async () => (t = await appWith(['https://shop.example.com'])));
    afterAll(() => t.app.close());

    it('answers a listed origin’s preflight with the path’s methods, the API’s headers and a max age', async () => {
      const res = await t
        .http()
        .options('/things/1')
        .set('Origin', 'https://shop.example.com')
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization, content-type, if-match');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,OPTIONS,PATCH');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization.*Content-Type.*Idempotency-Key.*If-Match/);
      expect(res.headers['access-control-max-age']).toBe(String(CORS_MAX_AGE_SECONDS));
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Origin/);
    });

    it('lets a listed origin read answers and errors, with ETag, Location, Retry-After and the correlation id exposed', async () => {
      for (const path of ['/things/1', '/things/missing']) {
        const res = await t.http().get(path).set('Origin', 'https://shop.example.com');
        expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
        expect(res.headers['access-control-expose-headers']).toBe(CORS_EXPOSED_HEADERS.join(','));
      }
      expect(CORS_EXPOSED_HEADERS).toEqual(expect.arrayContaining(['ETag', 'Location', 'Retry-After', 'X-Correlation-Id']));
    });

    it('gives another origin nothing (the browser then refuses the page), and says the answer varies by Origin', async () => {
      const res = await t.http().get('/things/1').set('Origin', 'https://evil.example.net');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Origin/);
      const preflight = await t
        .http()
        .options('/things/1')
        .set('Origin', 'https://evil.example.net')
        .set('Access-Control-Request-Method', 'PATCH');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });

    it('answers no preflight for a path the app does not serve', async () => {
      const res = await t
        .http()
        .options('/nothing')
        .set('Origin', 'https://shop.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(res.status).toBe(404);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('* lets any origin in', async () => {
    const t = await appWith(['*']);
    try {
      const res = await t.http().get('/things').set('Origin', 'https://anyone.example.org');
      expect(res.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await t.app.close();
    }
  });
});

describe('If-None-Match (RFC 9110 13.1.2)', () => {
  let t: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => (t = await appWith()));
  afterAll(() => t.app.close());

  it.each([
    ['the strong ETag', '"7"'],
    ['the weak form (weak comparison)', 'W/"7"'],
    ['a list holding it', '"5", W/"6", "7"'],
    ['*', '*'],
  ])('304 without a body, repeating the ETag, for %s', async (_label, ifNoneMatch) => {
    const res = await t.http().get('/things/1').set('If-None-Match', ifNoneMatch);
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe('"7"');
    expect(res.text ?? '').toBe('');
  });

  it.each([
    ['another version', '"6"'],
    ['a list without it', '"5", W/"6"'],
  ])('200 with the body for %s', async (_label, ifNoneMatch) => {
    const res = await t.http().get('/things/1').set('If-None-Match', ifNoneMatch);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '1', version: 7 });
  });

  it('304 also under Cache-Control: no-cache, and whatever If-Modified-Since says (it is ignored beside If-None-Match)', async () => {
    const noCache = await t.http().get('/things/1').set('If-None-Match', '"7"').set('Cache-Control', 'no-cache');
    expect(noCache.status).toBe(304);
    const modifiedSince = await t
      .http()
      .get('/things/1')
      .set('If-None-Match', '"7"')
      .set('If-Modified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT');
    expect(modifiedSince.status).toBe(304);
  });

  it('never turns an error into a 304', async () => {
    const res = await t.http().get('/things/missing').set('If-None-Match', '*');
    expect(res.status).toBe(404);
  });
});
