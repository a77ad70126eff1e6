import { type ChangePromisedTimeCommand, type ChangeStatusCommand } from '#contracts';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
  orderView,
} from '../../../../../test/support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.client.reset());

const promised = orderView({ status: 'ACCEPTED', version: 3, promisedReadyAt: '2026-12-03T12:40:00.000Z' });
const patch = () => t.http().patch(`/v1/orders/${ORDER_ID}/promised-time`);
const sentPayload = <T>() => t.client.commands()[0].payload as T;

describe('PATCH /v1/orders/{id}/promised-time', () => {
  it('200 with the order; sends the time in UTC with milliseconds, the reason and If-Match', async () => {
    t.client.onCommand('orders.change-promised-time', { answered: true, result: { ok: true, value: promised } });
    const res = await patch()
      .set(bearer('staff'))
      .set('If-Match', '"2"')
      .send({ promisedReadyAt: '2026-12-03T14:40:00+02:00', reason: 'oven down' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toEqual(promised);
    expect(sentPayload<ChangePromisedTimeCommand>()).toEqual({
      orderId: ORDER_ID,
      promisedReadyAt: '2026-12-03T12:40:00.000Z',
      reason: 'oven down',
      expectedVersion: 2,
      caller: { role: 'staff', actor: expect.stringMatching(/^staff:[0-9a-f]{8}$/) },
      correlationId: expect.any(String),
    });
  });

  it('409 promise-not-open with the order’s status', async () => {
    t.client.onCommand('orders.change-promised-time', {
      answered: true,
      result: { ok: false, error: { code: 'promise_not_open', status: 'READY', detail: 'Order is READY.' } },
    });
    const problem = expectProblem(
      await patch().set(bearer('internal')).send({ promisedReadyAt: '2026-12-03T12:40:00Z' }),
      409,
      'promise-not-open',
    );
    expect(problem.orderStatus).toBe('READY');
  });

  it.each([
    ['no promisedReadyAt', {}, 'promisedReadyAt'],
    ['a promisedReadyAt that is not a time', { promisedReadyAt: 'soon' }, 'promisedReadyAt'],
    ['a week date', { promisedReadyAt: '2026-W49-4' }, 'promisedReadyAt'],
    ['a reason of 501 characters', { promisedReadyAt: '2026-12-03T12:40:00Z', reason: 'r'.repeat(501) }, 'reason'],
  ])('400 for %s, nothing sent', async (_, body, field) => {
    const problem = expectProblem(await patch().set(bearer('staff')).send(body), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('403 for a channel key', async () => {
    expectProblem(await patch().set(bearer('channel')).send({ promisedReadyAt: '2026-12-03T12:40:00Z' }), 403);
    expect(t.client.sent).toEqual([]);
  });
});

describe('PATCH /v1/orders/{id}/status with prepMinutes', () => {
  it('sends prepMinutes with ACCEPTED', async () => {
    t.client.onCommand('orders.change-status', { answered: true, result: { ok: true, value: promised } });
    await t
      .http()
      .patch(`/v1/orders/${ORDER_ID}/status`)
      .set(bearer('staff'))
      .send({ status: 'ACCEPTED', prepMinutes: 20 })
      .expect(200);
    expect(sentPayload<ChangeStatusCommand>().prepMinutes).toBe(20);
  });

  it.each([
    ['with PREPARING', { status: 'PREPARING', prepMinutes: 20 }],
    ['of 0', { status: 'ACCEPTED', prepMinutes: 0 }],
    ['of 241', { status: 'ACCEPTED', prepMinutes: 241 }],
    ['of 2.5', { status: 'ACCEPTED', prepMinutes: 2.5 }],
  ])('400 naming prepMinutes %s, nothing sent', async (_, body) => {
    const res = await t.http().patch(`/v1/orders/${ORDER_ID}/status`).set(bearer('staff')).send(body);
    expect(fieldsOf(expectProblem(res, 400, 'validation-error'))).toEqual(['prepMinutes']);
    expect(t.client.sent).toEqual([]);
  });
});
