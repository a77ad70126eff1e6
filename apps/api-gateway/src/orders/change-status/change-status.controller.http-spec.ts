import { type ChangeStatusCommand, type DomainError } from '#contracts';
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
beforeEach(() => t.client.reset());

const accepted = orderView({ status: 'ACCEPTED', version: 4 });
const answered = () => t.client.onCommand('orders.change-status', { answered: true, result: { ok: true, value: accepted } });
const refused = (error: DomainError) =>
  t.client.onCommand('orders.change-status', { answered: true, result: { ok: false, error } });
const patch = (id = ORDER_ID) => t.http().patch(`/v1/orders/${id}/status`);
const sentPayload = () => t.client.commands()[0].payload as ChangeStatusCommand;

describe('PATCH /v1/orders/{id}/status: answers', () => {
  it('200 with the updated order and its ETag', async () => {
    answered();
    const res = await patch().set(bearer('staff')).set('X-Correlation-Id', 'c-7').send({ status: 'ACCEPTED', reason: 'ok' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"4"');
    expect(res.body).toEqual(accepted);
    const [sent] = t.client.commands();
    expect(sent.pattern).toBe('orders.change-status');
    expect(sent.waitMs).toBe(50); // INTAKE_WAIT_MS of the test config
    expect(sent.payload).toEqual({
      orderId: ORDER_ID,
      status: 'ACCEPTED',
      reason: 'ok',
      caller: { role: 'staff', actor: expect.stringMatching(/^staff:[0-9a-f]{8}$/) },
      correlationId: 'c-7',
    });
  });

  it.each([
    ['bare', '3'],
    ['as the ETag', '"3"'],
    ['as a weak ETag', 'W/"3"'],
  ])('passes If-Match %s as the expected version', async (_label, ifMatch) => {
    answered();
    await patch().set(bearer('staff')).set('If-Match', ifMatch).send({ status: 'ACCEPTED' }).expect(200);
    expect(sentPayload().expectedVersion).toBe(3);
  });

  it('takes the id in any case and sends it in lower case', async () => {
    answered();
    await patch(ORDER_ID.toUpperCase()).set(bearer('internal')).send({ status: 'ACCEPTED' }).expect(200);
    expect(sentPayload().orderId).toBe(ORDER_ID);
  });

  it('lets internal and admin keys backfill at, in UTC with ms', async () => {
    answered();
    for (const role of ['internal', 'admin'] as const) {
      t.client.sent.length = 0;
      await patch().set(bearer(role)).send({ status: 'ACCEPTED', at: '2021-07-22T22:30:00+02:00' }).expect(200);
      expect(sentPayload().at).toBe('2021-07-22T20:30:00.000Z');
    }
  });

  it('409 for an illegal transition, with from, to and allowed', async () => {
    refused({
      code: 'illegal_transition',
      detail: 'PICKED_UP is terminal: it cannot go to ACCEPTED.',
      from: 'PICKED_UP',
      to: 'ACCEPTED',
      allowed: [],
    });
    const res = await patch().set(bearer('staff')).send({ status: 'ACCEPTED' });
    const problem = expectProblem(res, 409, 'illegal-transition');
    expect(problem).toEqual({
      type: 'https://problems.orders.dev/illegal-transition',
      title: 'Transition not allowed',
      status: 409,
      detail: 'PICKED_UP is terminal: it cannot go to ACCEPTED.',
      instance: `/v1/orders/${ORDER_ID}/status`,
      from: 'PICKED_UP',
      to: 'ACCEPTED',
      allowed: [],
    });
  });

  it('409 lists the allowed targets', async () => {
    refused({
      code: 'illegal_transition',
      detail: 'PLACED cannot go to READY.',
      from: 'PLACED',
      to: 'READY',
      allowed: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
    });
    const problem = expectProblem(await patch().set(bearer('staff')).send({ status: 'READY' }), 409, 'illegal-transition');
    expect(problem).toMatchObject({ from: 'PLACED', to: 'READY', allowed: ['ACCEPTED', 'REJECTED', 'CANCELLED'] });
  });

  it('412 for a stale If-Match, with the current version and ETag', async () => {
    refused({ code: 'version_mismatch', detail: 'The order is at version 5, not 3.', currentVersion: 5 });
    const res = await patch().set(bearer('staff')).set('If-Match', '"3"').send({ status: 'ACCEPTED' });
    const problem = expectProblem(res, 412, 'version-mismatch');
    expect(problem.currentVersion).toBe(5);
    expect(res.headers.etag).toBe('"5"');
  });

  it('404 for an unknown order', async () => {
    refused({ code: 'not_found', detail: `No order ${ORDER_ID}.` });
    expectProblem(await patch().set(bearer('staff')).send({ status: 'ACCEPTED' }), 404, 'not-found');
  });

  it('400 naming at when the service finds it before the previous change', async () => {
    refused({ code: 'invalid_time', detail: 'at is before the order’s previous change', field: 'at' });
    const problem = expectProblem(
      await patch().set(bearer('internal')).send({ status: 'ACCEPTED', at: '2020-01-01T00:00:00Z' }),
      400,
      'validation-error',
    );
    expect(fieldsOf(problem)).toEqual(['at']);
  });

  it('202 with Location when the change was queued but its answer did not come back in time', async () => {
    t.client.onCommand('orders.change-status', { answered: false });
    const res = await patch().set(bearer('staff')).send({ status: 'ACCEPTED' });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/v1/orders/${ORDER_ID}`);
    expect(res.body).toEqual({ id: ORDER_ID, detail: expect.stringMatching(/Idempotency-Key/) });
  });

  it('sends the Idempotency-Key with the hash of body and If-Match: equal requests, equal hashes', async () => {
    answered();
    await patch().set(bearer('staff')).set('Idempotency-Key', 'k-1').set('If-Match', '"3"').send({ status: 'ACCEPTED' });
    answered();
    await patch().set(bearer('staff')).set('Idempotency-Key', 'k-1').set('If-Match', '3').send({ status: 'ACCEPTED' });
    answered();
    await patch().set(bearer('staff')).set('Idempotency-Key', 'k-1').set('If-Match', '"3"').send({ status: 'REJECTED' });
    const [first, again, other] = t.client.commands().map((c) => c.payload as ChangeStatusCommand);
    expect(first).toMatchObject({ idempotencyKey: 'k-1', requestHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(again!.requestHash).toBe(first!.requestHash);
    expect(other!.requestHash).not.toBe(first!.requestHash);
  });
});

describe('PATCH /v1/orders/{id}/status: bad input changes nothing', () => {
  it.each<[string, unknown, string]>([
    ['a lower-case status', { status: 'accepted' }, 'status'],
    ['an unknown status', { status: 'SHIPPED' }, 'status'],
    ['an empty status', { status: '' }, 'status'],
    ['a status code instead of its name', { status: 2 }, 'status'],
    ['no status', {}, 'status'],
    ['a reason that is not a string', { status: 'ACCEPTED', reason: 42 }, 'reason'],
    ['a reason over 500 characters', { status: 'ACCEPTED', reason: 'r'.repeat(501) }, 'reason'],
    ['an unknown field', { status: 'ACCEPTED', force: true }, 'force'],
    ['an at that is not a time', { status: 'ACCEPTED', at: 'now' }, 'at'],
  ])('400 for %s', async (_label, input, field) => {
    const res = await patch()
      .set(bearer('admin'))
      .send(input as object);
    const problem = expectProblem(res, 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for a missing body', async () => {
    const problem = expectProblem(await patch().set(bearer('staff')), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['status']);
    expect(t.client.sent).toEqual([]);
  });

  it.each(['not-a-uuid', '123', `${ORDER_ID}x`])('400 naming id for the id %s', async (id) => {
    const problem = expectProblem(await patch(id).set(bearer('staff')).send({ status: 'ACCEPTED' }), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['id']);
    expect(t.client.sent).toEqual([]);
  });

  it.each(['abc', '"3', '3"', '3.5', '-1', '"a"', 'W/3', '*', '1, 2', ''])(
    '400 naming If-Match for If-Match: %s',
    async (ifMatch) => {
      const res = await patch().set(bearer('staff')).set('If-Match', ifMatch).send({ status: 'ACCEPTED' });
      const problem = expectProblem(res, 400, 'validation-error');
      expect(fieldsOf(problem)).toEqual(['If-Match']);
      expect(t.client.sent).toEqual([]);
    },
  );

  it('403 naming at when a staff key backfills it', async () => {
    const res = await patch().set(bearer('staff')).send({ status: 'ACCEPTED', at: '2021-07-22T20:28:02Z' });
    const problem = expectProblem(res, 403, 'forbidden');
    expect(problem.detail).toContain('at');
    expect(fieldsOf(problem)).toEqual(['at']);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for an at in the future', async () => {
    const res = await patch()
      .set(bearer('internal'))
      .send({ status: 'ACCEPTED', at: new Date(Date.now() + 60_000).toISOString() });
    const problem = expectProblem(res, 400, 'validation-error');
    expect(problem.errors).toEqual([{ field: 'at', message: 'at must not be in the future' }]);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for malformed JSON', async () => {
    const res = await patch().set(bearer('staff')).set('Content-Type', 'application/json').send('{status:ACCEPTED}');
    expectProblem(res, 400, 'malformed-json');
    expect(t.client.sent).toEqual([]);
  });

  it('415 for a form body', async () => {
    expectProblem(await patch().set(bearer('staff')).type('form').send('status=ACCEPTED'), 415, 'unsupported-media-type');
    expect(t.client.sent).toEqual([]);
  });
});
