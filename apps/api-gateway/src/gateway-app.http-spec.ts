import request from 'supertest';
import {
  cloudEventSchema,
  MAX_MONEY,
  MAX_ORDER_ITEMS,
  MAX_ORDER_PAYMENTS,
  MAX_QUANTITY,
  PHONE_NUMBER,
  RefundView,
} from '#contracts';
import { CREATE_ORDER_EXAMPLE, CREATED_ORDER_EXAMPLE } from './orders/order.examples.js';
import {
  bearer,
  createGatewayTestApp,
  type GatewayTestApp,
  ORDER_ID,
  orderView,
} from '#test-support/gateway/gateway-test-app.js';

describe('the gateway HTTP app', () => {
  let t: GatewayTestApp;
  let http: () => request.Agent;

  beforeAll(async () => {
    t = await createGatewayTestApp();
    t.client.onQuery('orders.get', { ok: true, value: orderView() });
    http = t.http;
  });
  afterAll(() => t.close());

  it('serves the orders routes behind the API-key guard', async () => {
    await http().get(`/v1/orders/${ORDER_ID}`).set(bearer('channel')).expect(200);
    await http().get(`/v1/orders/${ORDER_ID}`).expect(401);
  });

  it("refuses a body over its route's limit with 413, before it reaches the orders service", async () => {
    const res = await http()
      .patch(`/v1/orders/${ORDER_ID}/status`)
      .set(bearer('staff'))
      .send({ status: 'ACCEPTED', reason: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(t.client.commands()).toEqual([]);
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

    it('declares the bearer scheme and requires it on every operation but the keyless tracking link', () => {
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        const keyless = path.startsWith('/v1/track/');
        for (const op of Object.values<any>(ops))
          expect({ path, security: op.security }).toEqual({ path, security: keyless ? [] : [{ bearer: [] }] });
      }
    });

    it('documents every route of the contract', () => {
      expect(Object.keys(doc.paths['/v1/orders']).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths['/v1/orders/{id}']).sort()).toEqual(['get', 'patch']);
      expect(Object.keys(doc.paths['/v1/orders/{id}/items/{plu}'])).toEqual(['patch']);
      expect(Object.keys(doc.paths['/v1/orders/{id}/refunds'])).toEqual(['post']);
      expect(Object.keys(doc.paths['/v1/orders/{id}/status'])).toEqual(['patch']);
      expect(Object.keys(doc.paths['/v1/orders/{id}/history'])).toEqual(['get']);
    });

    it('documents success and problem responses of each operation, problems as application/problem+json', () => {
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(ops)) {
          const statuses = Object.keys(op.responses).map(Number);
          expect(statuses.some((s) => s < 300)).toBe(true);
          // The tracking link takes no key and no input but its token: every bad token is its 404.
          for (const s of path.startsWith('/v1/track/') ? [404, 500] : [400, 401, 500])
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

    it('is OpenAPI 3.1: nullable values are type arrays or anyOf null, never the 3.0 `nullable` keyword', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(JSON.stringify(doc)).not.toContain('"nullable"');
      expect(doc.components.schemas.OrderViewSchema.properties.deliveryAddress).toEqual({
        anyOf: [{ $ref: '#/components/schemas/AddressViewSchema' }, { type: 'null' }],
      });
      expect(doc.components.schemas.OrderViewSchema.properties.account.type).toEqual(['string', 'null']);
    });

    it('documents an order as order.created carries it: one definition of its members, limits and formats', () => {
      const { data } = cloudEventSchema('order.created').properties as { data: { properties: Record<string, any> } };
      const component = doc.components.schemas.OrderViewSchema;
      expect(component.required).toEqual((data as { required?: string[] }).required);
      expect(component.properties.version).toMatchObject({ type: 'integer', minimum: 1 });
      expect(component.properties.createdAt).toEqual(data.properties.createdAt);
      const { type, minimum } = data.properties.items.items.properties.quantity;
      expect(doc.components.schemas.OrderItemViewSchema.properties.quantity).toMatchObject({ type, minimum });
      expect(doc.components.schemas.RefundViewSchema.required).toEqual(Object.keys(RefundView.shape));
    });

    it('declares every tag it uses, with a description, a licence and a server', () => {
      const used = new Set(
        Object.values<Record<string, any>>(doc.paths).flatMap((ops) => Object.values<any>(ops).flatMap((op) => op.tags)),
      );
      const declared = new Map(doc.tags.map((t: { name: string; description: string }) => [t.name, t.description]));
      for (const tag of used) expect({ tag, description: declared.get(tag) }).toEqual({ tag, description: expect.any(String) });
      expect(doc.info.license).toEqual({ name: expect.any(String), identifier: expect.any(String) });
      expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    });

    it('names each operation for a generated client', () => {
      const ids = Object.values<Record<string, any>>(doc.paths).flatMap((ops) =>
        Object.values<any>(ops).map((op) => op.operationId),
      );
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
      expect(doc.paths['/v1/orders'].post.operationId).toBe('createOrder');
      expect(doc.paths['/v1/orders/{id}/status'].patch.operationId).toBe('changeOrderStatus');
    });

    it('takes its limits from the validation rules, and closes request bodies that refuse unknown fields', () => {
      const { CreateOrderDto, OrderItemDto, CustomerDto } = doc.components.schemas;
      expect(OrderItemDto.properties.quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY });
      expect(OrderItemDto.properties.plu.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$');
      expect(CreateOrderDto.properties.channelOrderId).toMatchObject({ type: 'string', minLength: 1, maxLength: 128 });
      expect(CreateOrderDto.properties.items).toMatchObject({ minItems: 1, maxItems: MAX_ORDER_ITEMS });
      expect(CreateOrderDto.properties.payments).toMatchObject({ maxItems: MAX_ORDER_PAYMENTS });
      expect(OrderItemDto.properties.unitPrice).toMatchObject({
        type: 'number',
        minimum: 0,
        maximum: MAX_MONEY,
        multipleOf: 0.0001,
      });
      expect(CustomerDto.properties.phoneNumber.pattern).toBe(PHONE_NUMBER.source);
      for (const schema of [CreateOrderDto, OrderItemDto, CustomerDto]) expect(schema.additionalProperties).toBe(false);
      const limit = doc.paths['/v1/orders'].get.parameters.find((p: { name: string }) => p.name === 'limit');
      expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    });

    it('gives whole examples of the reference order for its request and its answer', () => {
      const create = doc.paths['/v1/orders'].post;
      expect(Object.values<any>(create.requestBody.content['application/json'].examples)[0].value).toEqual(CREATE_ORDER_EXAMPLE);
      expect(create.responses['201'].content['application/json'].example).toEqual(CREATED_ORDER_EXAMPLE);
    });

    it('documents the headers the routes read', () => {
      const names = (path: string, method: string) => doc.paths[path][method].parameters.map((p: any) => p.name);
      expect(names('/v1/orders', 'post')).toEqual(expect.arrayContaining(['Idempotency-Key', 'X-Correlation-Id']));
      expect(names('/v1/orders/{id}/status', 'patch')).toEqual(expect.arrayContaining(['If-Match', 'id']));
    });
  });
});
