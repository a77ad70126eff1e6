import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { buildGatewayApp } from './gateway-app.js';
import { FakeOrdersClient } from '../../../test/support/gateway/fake-orders-client.js';
import { bearer, ORDER_ID, orderView, testConfig } from '../../../test/support/gateway/gateway-test-app.js';

describe('buildGatewayApp', () => {
  let app: NestExpressApplication;
  let http: () => request.Agent;
  const client = new FakeOrdersClient().onQuery('orders.get', { ok: true, value: orderView() });

  beforeAll(async () => {
    app = await buildGatewayApp(testConfig(), client, { logger: false, bodyLimit: 2048 });
    await app.init();
    const server = app.getHttpServer() as App;
    http = () => request(server);
  });
  afterAll(() => app.close());

  it('serves the orders routes behind the API-key guard', async () => {
    await http().get(`/v1/orders/${ORDER_ID}`).set(bearer('channel')).expect(200);
    await http().get(`/v1/orders/${ORDER_ID}`).expect(401);
  });

  it('applies the body limit it was given', async () => {
    const res = await http()
      .post('/v1/orders')
      .set(bearer('channel'))
      .send({ account: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
  });

  it('serves Swagger UI at /docs without a key', async () => {
    const res = await http().get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  describe('the OpenAPI document at /docs-json', () => {
    let doc: Record<string, any>;
    beforeAll(async () => {
      const res = await http().get('/docs-json').expect(200);
      doc = res.body;
    });

    it('declares the bearer scheme and requires it on every orders operation', () => {
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const ops of Object.values<Record<string, any>>(doc.paths)) {
        for (const op of Object.values<any>(ops)) expect(op.security).toEqual([{ bearer: [] }]);
      }
    });

    it('documents every route of the contract', () => {
      expect(Object.keys(doc.paths['/v1/orders']).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths['/v1/orders/{id}'])).toEqual(['get']);
      expect(Object.keys(doc.paths['/v1/orders/{id}/status'])).toEqual(['patch']);
      expect(Object.keys(doc.paths['/v1/orders/{id}/history'])).toEqual(['get']);
    });

    it('documents success and problem responses of each operation, problems as application/problem+json', () => {
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(ops)) {
          const statuses = Object.keys(op.responses).map(Number);
          expect(statuses.some((s) => s < 300)).toBe(true);
          for (const s of [400, 401, 500])
            expect({ path, method, has: statuses.includes(s) }).toEqual({ path, method, has: true });
          for (const s of statuses.filter((n) => n >= 400)) {
            expect(Object.keys(op.responses[s].content)).toEqual(['application/problem+json']);
          }
        }
      }
      expect(doc.components.schemas.ProblemSchema.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail']),
      );
      expect(doc.paths['/v1/orders/{id}/status'].patch.responses['409'].content['application/problem+json'].schema.$ref).toBe(
        '#/components/schemas/TransitionProblemSchema',
      );
    });

    it('documents the create answers 201, 200 and 202 with Location', () => {
      const responses = doc.paths['/v1/orders'].post.responses;
      for (const s of ['200', '201', '202']) expect(responses[s].headers).toHaveProperty('Location');
    });

    it('documents the headers the routes read', () => {
      const names = (path: string, method: string) => doc.paths[path][method].parameters.map((p: any) => p.name);
      expect(names('/v1/orders', 'post')).toEqual(expect.arrayContaining(['Idempotency-Key', 'X-Correlation-Id']));
      expect(names('/v1/orders/{id}/status', 'patch')).toEqual(expect.arrayContaining(['If-Match', 'id']));
    });
  });
});
