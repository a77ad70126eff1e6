import request from 'supertest';
import { startStack, type Stack } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';

const order = (channelOrderId: string, paymentRef: string) => ({
  channelOrderId,
  brandId: 'brand-promise',
  customer: { name: 'Ada', phoneNumber: '+358 40 123 4567' },
  items: [{ plu: 'P-1', name: 'Soup', quantity: 2, unitPrice: 7.25 }],
  payments: [{ reference: paymentRef, amount: 14.5 }],
});

/**
 * CONTRACT.md section 3: a 202 is a promise. An order refused by the orders service after the
 * gateway answered 202 is never a 404: its URL and every retry answer the refusal as the
 * synchronous answer would have been.
 */
describe('a 202 is a promise', () => {
  let stack: Stack;
  const channel = () => ({ Authorization: `Bearer ${stack.keys.channel}` });
  const api = () => request(stack.gatewayUrl);
  const uniq = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const place = (body: object, headers: Record<string, string> = {}) =>
    api().post('/v1/orders').set(channel()).set(headers).send(body);

  /** The order's URL once the queued command has been decided (it answers 404 until then). */
  const decided = (id: string): Promise<request.Response> =>
    eventually(
      async () => {
        const res = await api().get(`/v1/orders/${id}`).set(channel());
        return res.status !== 404 && res;
      },
      `the command for ${id} decided`,
      20_000,
      50,
    );

  const essentials = (res: request.Response) => ({
    status: res.status,
    contentType: res.headers['content-type'],
    type: res.body.type,
    title: res.body.title,
    reference: res.body.reference,
  });

  beforeAll(async () => {
    stack = await startStack({ INTAKE_WAIT_MS: '2000' });
  });
  afterAll(() => stack?.stop());

  it('answers a duplicate payment reference refused after a 202 at the order URL and on every retry', async () => {
    const reference = uniq('pay');
    const first = await place(order(uniq('A'), reference));
    expect(first.status).toBe(201);
    const synchronous = await place(order(uniq('SYNC'), reference));
    expect(synchronous.status).toBe(409);

    await stack.stopOrders();
    const late = order(uniq('LATE'), reference);
    const accepted = await place(late);
    expect(accepted.status).toBe(202);
    const url = accepted.headers.location as string;
    await stack.startOrders();

    const shown = await decided(accepted.body.id);
    expect(essentials(shown)).toEqual(essentials(synchronous));
    expect(shown.body.detail).toContain(reference);
    const retried = await place(late);
    expect(essentials(retried)).toEqual(essentials(synchronous));
    expect(url).toBe(`/v1/orders/${accepted.body.id}`);

    // A corrected request for the same channel order creates it; the URL then shows the order.
    const corrected = await place({ ...late, payments: [{ reference: uniq('pay'), amount: 14.5 }] });
    expect(corrected.status).toBe(201);
    expect(corrected.body.id).toBe(accepted.body.id);
    const now = await api().get(url).set(channel());
    expect(now.status).toBe(200);
    expect(now.body.channelOrderId).toBe(late.channelOrderId);
  });

  it('answers an Idempotency-Key reused with another body, refused after a 202, at the order URL and on every retry', async () => {
    const key = uniq('key');
    expect((await place(order(uniq('K1'), uniq('pay')), { 'Idempotency-Key': key })).status).toBe(201);
    const synchronous = await place(order(uniq('K-SYNC'), uniq('pay')), { 'Idempotency-Key': key });
    expect(synchronous.status).toBe(409);

    await stack.stopOrders();
    const other = order(uniq('K2'), uniq('pay'));
    const accepted = await place(other, { 'Idempotency-Key': key });
    expect(accepted.status).toBe(202);
    await stack.startOrders();

    const shown = await decided(accepted.body.id);
    expect(essentials(shown)).toEqual(essentials(synchronous));
    expect(shown.body.type).toBe('https://problems.orders.dev/idempotency-conflict');
    expect(essentials(await place(other, { 'Idempotency-Key': key }))).toEqual(essentials(synchronous));
    expect(essentials(await decided(accepted.body.id))).toEqual(essentials(synchronous));
  });
});
