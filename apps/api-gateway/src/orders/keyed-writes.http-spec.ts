import { AvailabilityCommands, OrderCommands } from '#contracts';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.client.reset());

const REFUND_ID = '7d9e1c2b-4a5f-4e3d-9c8b-1a2b3c4d5e6f';

/** Writes other than create, each with a valid body, the pattern it sends and the Location of its 202. */
const WRITES = [
  {
    name: 'goodwill refund',
    pattern: OrderCommands.requestRefund,
    send: () => t.http().post(`/v1/orders/${ORDER_ID}/refunds`).set(bearer('internal')).send({ amount: 1, reason: 'cold' }),
    location: `/v1/refunds?orderId=${ORDER_ID}`,
    id: ORDER_ID,
  },
  {
    name: 'refund settlement',
    pattern: OrderCommands.updateRefund,
    send: () => t.http().patch(`/v1/refunds/${REFUND_ID}`).set(bearer('internal')).send({ status: 'PROCESSED' }),
    location: `/v1/refunds/${REFUND_ID}`,
    id: REFUND_ID,
  },
  {
    name: 'adding items',
    pattern: OrderCommands.addItems,
    send: () =>
      t
        .http()
        .post(`/v1/orders/${ORDER_ID}/items`)
        .set(bearer('channel'))
        .send({ items: [{ plu: 'N-1', name: 'Bread', quantity: 1 }] }),
    location: `/v1/orders/${ORDER_ID}`,
    id: ORDER_ID,
  },
  {
    name: 'a brand availability PUT',
    pattern: AvailabilityCommands.set,
    send: () => t.http().put('/v1/brands/brand-1/availability').set(bearer('staff')).send({ state: 'PAUSED' }),
    location: '/v1/brands/brand-1/availability',
    id: 'brand-1',
  },
] as const;

describe('writes other than create: 202 when queued but not answered, and their Idempotency-Key', () => {
  it.each(WRITES.map((w) => [w.name, w] as const))('%s: 202 with Location, never 503', async (_name, w) => {
    t.client.onCommand(w.pattern, { answered: false });
    const res = await w.send();
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(w.location);
    expect(res.body).toEqual({ id: w.id, detail: expect.any(String) });
    expect(t.client.commands()[0]!.waitMs).toBe(50); // INTAKE_WAIT_MS of the test config
  });

  it.each(WRITES.map((w) => [w.name, w] as const))('%s: sends the key and the hash of its request', async (_name, w) => {
    t.client.onCommand(w.pattern, { answered: false });
    await w.send().set('Idempotency-Key', 'retry-me');
    await w.send().set('Idempotency-Key', 'retry-me');
    const [first, again] = t.client.commands().map((c) => c.payload as { idempotencyKey?: string; requestHash?: string });
    expect(first).toMatchObject({ idempotencyKey: 'retry-me', requestHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(again!.requestHash).toBe(first!.requestHash);
  });

  it.each(WRITES.map((w) => [w.name, w] as const))('%s: a malformed key is a 400 naming it, nothing sent', async (_name, w) => {
    const problem = expectProblem(await w.send().set('Idempotency-Key', ' '.repeat(3)), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['Idempotency-Key']);
    expect(t.client.commands()).toEqual([]);
  });
});
