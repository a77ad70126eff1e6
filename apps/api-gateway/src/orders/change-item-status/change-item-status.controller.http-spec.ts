import type { ApiRole } from '#config';
import type { ChangeItemStatusCommand } from '#contracts';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
  orderView,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.client.reset();
  t.client.onCommand('orders.change-item-status', { answered: true, result: { ok: true, value: orderView({ version: 2 }) } });
});

const patch = (id = ORDER_ID, plu = 'CAT1-0001') => t.http().patch(`/v1/orders/${id}/items/${plu}/status`);

describe('PATCH /v1/orders/{id}/items/{plu}/status', () => {
  it('200 with the order and its new ETag, sending the command', async () => {
    const res = await patch().set(bearer('staff')).send({ status: 'PREPARING' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const sent = t.client.commands()[0]!;
    expect(sent.pattern).toBe('orders.change-item-status');
    expect(sent.payload as ChangeItemStatusCommand).toMatchObject({ orderId: ORDER_ID, plu: 'CAT1-0001', status: 'PREPARING' });
  });

  it('passes If-Match as the expected version, and answers a stale one 412 with the current ETag', async () => {
    await patch().set(bearer('staff')).set('If-Match', '"3"').send({ status: 'PREPARING' }).expect(200);
    expect((t.client.commands()[0]!.payload as ChangeItemStatusCommand).expectedVersion).toBe(3);
    t.client.onCommand('orders.change-item-status', {
      answered: true,
      result: { ok: false, error: { code: 'version_mismatch', detail: 'The order is at version 5, not 3.', currentVersion: 5 } },
    });
    const res = await patch().set(bearer('staff')).set('If-Match', '3').send({ status: 'PREPARING' });
    expect(expectProblem(res, 412, 'version-mismatch').currentVersion).toBe(5);
    expect(res.headers.etag).toBe('"5"');
  });

  it('400 for a malformed If-Match, sending nothing', async () => {
    expectProblem(await patch().set(bearer('staff')).set('If-Match', 'soon').send({ status: 'READY' }), 400, 'validation-error');
    expect(t.client.sent).toEqual([]);
  });

  it('409 with from, to and allowed for an illegal item transition', async () => {
    t.client.onCommand('orders.change-item-status', {
      answered: true,
      result: {
        ok: false,
        error: { code: 'illegal_transition', detail: 'READY is final.', from: 'READY', to: 'QUEUED', allowed: [] },
      },
    });
    const problem = expectProblem(await patch().set(bearer('staff')).send({ status: 'QUEUED' }), 409, 'illegal-transition');
    expect(problem).toMatchObject({ from: 'READY', to: 'QUEUED', allowed: [] });
  });

  it('404 for an unknown order or plu', async () => {
    t.client.onCommand('orders.change-item-status', {
      answered: true,
      result: { ok: false, error: { code: 'not_found', detail: 'No item NOPE.' } },
    });
    expectProblem(await patch().set(bearer('staff')).send({ status: 'READY' }), 404, 'not-found');
  });

  it.each<[string, unknown, string]>([
    ['an unknown status', { status: 'DONE' }, 'status'],
    ['an order status', { status: 'ACCEPTED' }, 'status'],
    ['a lower-case status', { status: 'ready' }, 'status'],
    ['no status', {}, 'status'],
    ['an unknown field', { status: 'READY', reason: 'x' }, 'reason'],
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

  it.each([
    ['a bad plu', ORDER_ID, '-bad', 'plu'],
    ['a plu too long', ORDER_ID, 'P'.repeat(65), 'plu'],
    ['a bad id', 'nope', 'CAT1-0001', 'id'],
  ])('400 for %s, sending nothing', async (_label, id, plu, field) => {
    const problem = expectProblem(await patch(id, plu).set(bearer('staff')).send({ status: 'READY' }), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual([field]);
    expect(t.client.sent).toEqual([]);
  });

  it('401 without a key', async () => {
    expectProblem(await patch().send({ status: 'READY' }), 401, 'unauthorized');
    expect(t.client.sent).toEqual([]);
  });

  it.each<[ApiRole, boolean]>([
    ['channel', false],
    ['analyst', false],
    ['staff', true],
    ['internal', true],
    ['admin', true],
  ])('role %s allowed: %s', async (role, allowed) => {
    const res = await patch().set(bearer(role)).send({ status: 'READY' });
    if (allowed) expect(res.status).toBe(200);
    else expectProblem(res, 403, 'forbidden');
    expect(t.client.sent).toHaveLength(allowed ? 1 : 0);
  });
});
