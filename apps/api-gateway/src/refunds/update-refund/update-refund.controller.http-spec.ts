import type { ApiRole } from '#config';
import type { RefundView } from '#contracts';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
} from '#test-support/gateway/gateway-test-app.js';

const REFUND_ID = '0192f0c4-1111-7222-8333-444455556666';
const refund: RefundView = {
  id: REFUND_ID,
  orderId: ORDER_ID,
  paymentReference: 'pay_1',
  amount: 12.5,
  status: 'PROCESSED',
  reason: 'order_cancelled',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:01:00.000Z',
};

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.client.reset();
  t.client.onCommand('refunds.update', { answered: true, result: { ok: true, value: refund } });
});

const patch = (id = REFUND_ID) => t.http().patch(`/v1/refunds/${id}`);

describe('PATCH /v1/refunds/{id}', () => {
  it('200 with the refund', async () => {
    await patch().set(bearer('internal')).send({ status: 'PROCESSED' }).expect(200, refund);
    expect(t.client.commands()[0]!.payload).toMatchObject({ refundId: REFUND_ID, status: 'PROCESSED' });
  });

  it('409 once the refund is settled, 404 for an unknown one', async () => {
    t.client.onCommand('refunds.update', {
      answered: true,
      result: { ok: false, error: { code: 'refund_not_pending', detail: 'Already PROCESSED.', status: 'PROCESSED' } },
    });
    expect(
      expectProblem(await patch().set(bearer('internal')).send({ status: 'FAILED' }), 409, 'refund-not-pending').status,
    ).toBe(409);
    t.client.onCommand('refunds.update', {
      answered: true,
      result: { ok: false, error: { code: 'not_found', detail: 'No such refund.' } },
    });
    expectProblem(await patch().set(bearer('internal')).send({ status: 'FAILED' }), 404, 'not-found');
  });

  it.each<[string, unknown, string]>([
    ['PENDING', { status: 'PENDING' }, 'status'],
    ['an unknown status', { status: 'DONE' }, 'status'],
    ['a lower-case status', { status: 'processed' }, 'status'],
    ['no status', {}, 'status'],
    ['an unknown field', { status: 'FAILED', note: 'x' }, 'note'],
  ])('400 for %s, sending nothing', async (_label, input, field) => {
    const problem = expectProblem(
      await patch()
        .set(bearer('admin'))
        .send(input as object),
      400,
      'validation-error',
    );
    expect(fieldsOf(problem)).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for an id that is not a UUID', async () => {
    expect(
      fieldsOf(expectProblem(await patch('r-1').set(bearer('internal')).send({ status: 'FAILED' }), 400, 'validation-error')),
    ).toEqual(['id']);
    expect(t.client.sent).toEqual([]);
  });

  it('401 without a key', async () => {
    expectProblem(await patch().send({ status: 'FAILED' }), 401, 'unauthorized');
  });

  it.each<[ApiRole, boolean]>([
    ['channel', false],
    ['staff', false],
    ['analyst', false],
    ['internal', true],
    ['admin', true],
  ])('role %s allowed: %s', async (role, allowed) => {
    const res = await patch().set(bearer(role)).send({ status: 'PROCESSED' });
    if (allowed) expect(res.status).toBe(200);
    else expectProblem(res, 403, 'forbidden');
    expect(t.client.sent).toHaveLength(allowed ? 1 : 0);
  });
});
