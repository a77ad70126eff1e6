import { PROBLEM_TYPE_BASE } from '#http';
import { ILLEGAL_TRANSITION_EXAMPLE } from '../../apps/api-gateway/src/orders/order.examples.js';
import { ordersApi } from '../client/orders-client.js';
import { startStack, type Stack } from '#test-support/stack.js';

describe('a client generated from the published OpenAPI document (openapi-typescript + openapi-fetch)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('creates an order, accepts it, and gets the documented 409 problem for an illegal move', async () => {
    const channel = ordersApi(stack.gatewayUrl, stack.keys.channel);
    const staff = ordersApi(stack.gatewayUrl, stack.keys.staff);

    const created = await channel.POST('/v1/orders', {
      body: {
        channelOrderId: 'CLIENT-1626898082',
        brandId: '60bfc6dc4887c9851d5a0245',
        customer: { name: 'John Doe', phoneNumber: '+123456789' },
        items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
      },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    const etag = created.response.headers.get('etag')!;

    const accepted = await staff.PATCH('/v1/orders/{id}/status', {
      params: { path: { id }, header: { 'If-Match': etag } },
      body: { status: 'ACCEPTED' },
    });
    expect(accepted.response.status).toBe(200);
    expect(accepted.data).toMatchObject({ id, status: 'ACCEPTED', version: 2, deliveryAddress: null });

    const illegal = await staff.PATCH('/v1/orders/{id}/status', { params: { path: { id } }, body: { status: 'PICKED_UP' } });
    expect(illegal.response.status).toBe(409);
    expect(illegal.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(illegal.error).toEqual({
      ...ILLEGAL_TRANSITION_EXAMPLE,
      detail: expect.stringContaining('cannot go from ACCEPTED to PICKED_UP'),
      instance: `/v1/orders/${id}/status`,
    });
    expect(illegal.error).toMatchObject({
      type: `${PROBLEM_TYPE_BASE}illegal-transition`,
      status: 409,
      from: 'ACCEPTED',
      to: 'PICKED_UP',
      allowed: ['PREPARING', 'CANCELLED'],
    });

    const read = await staff.GET('/v1/orders/{id}', { params: { path: { id } } });
    expect(read.data).toMatchObject({ id, status: 'ACCEPTED', version: 2, fulfillment: { mode: 'PICKUP' } });
  });

  it('moves a promised ready time through the generated client', async () => {
    const channel = ordersApi(stack.gatewayUrl, stack.keys.channel);
    const staff = ordersApi(stack.gatewayUrl, stack.keys.staff);
    const created = await channel.POST('/v1/orders', {
      body: {
        channelOrderId: `CLIENT-PROMISE-${Date.now()}`,
        brandId: '60bfc6dc4887c9851d5a0245',
        customer: { name: 'John Doe' },
        fulfillment: { mode: 'DINE_IN', table: '12' },
        items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1 }],
      },
    });
    const id = created.data!.id;
    await staff.PATCH('/v1/orders/{id}/status', { params: { path: { id } }, body: { status: 'ACCEPTED', prepMinutes: 20 } });
    const later = new Date(Date.now() + 45 * 60_000).toISOString();
    const moved = await staff.PATCH('/v1/orders/{id}/promised-time', {
      params: { path: { id } },
      body: { promisedReadyAt: later, reason: 'oven down' },
    });
    expect(moved.response.status).toBe(200);
    expect(moved.data).toMatchObject({ id, promisedReadyAt: later, fulfillment: { mode: 'DINE_IN', table: '12' } });
  });

  it('sets a brand busy, snoozes an item and reads the documented 409 through the generated client', async () => {
    const channel = ordersApi(stack.gatewayUrl, stack.keys.channel);
    const staff = ordersApi(stack.gatewayUrl, stack.keys.staff);
    const brandId = `client-brand-${Date.now()}`;
    const busy = await staff.PUT('/v1/brands/{brandId}/availability', {
      params: { path: { brandId } },
      body: { state: 'BUSY', extraPrepMinutes: 10 },
    });
    expect(busy.response.status).toBe(200);
    expect(busy.data).toMatchObject({ brandId, state: 'BUSY', extraPrepMinutes: 10, until: null, snoozedItems: [] });
    const snoozed = await staff.PUT('/v1/brands/{brandId}/items/{plu}/availability', {
      params: { path: { brandId, plu: 'CAT1-0001' } },
      body: { available: false },
    });
    expect(snoozed.response.status).toBe(200);
    expect(snoozed.data).toMatchObject({ snoozedItems: [{ plu: 'CAT1-0001', until: null }] });
    const refused = await channel.POST('/v1/orders', {
      body: {
        channelOrderId: `CLIENT-SNOOZED-${Date.now()}`,
        brandId,
        customer: { name: 'John Doe' },
        items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1 }],
      },
    });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ type: `${PROBLEM_TYPE_BASE}items-unavailable`, plus: ['CAT1-0001'] });
    const read = await channel.GET('/v1/brands/{brandId}/availability', { params: { path: { brandId } } });
    expect(read.data).toMatchObject({ state: 'BUSY', prepEstimateMinutes: stack.config.defaultPrepMinutes + 10 });
  });

  it('edits an order, changes a quantity and grants a goodwill refund through the generated client', async () => {
    const channel = ordersApi(stack.gatewayUrl, stack.keys.channel);
    const internal = ordersApi(stack.gatewayUrl, stack.keys.internal);
    const created = await channel.POST('/v1/orders', {
      body: {
        channelOrderId: `CLIENT-EDIT-${Date.now()}`,
        brandId: '60bfc6dc4887c9851d5a0245',
        customer: { name: 'John Doe' },
        items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 2, unitPrice: 12.5 }],
        payments: [{ reference: `pay-client-${Date.now()}`, amount: 25 }],
      },
    });
    const id = created.data!.id;
    const edited = await channel.PATCH('/v1/orders/{id}', {
      params: { path: { id }, header: { 'If-Match': '"1"' } },
      body: { customer: { phoneNumber: '+358401234' } },
    });
    expect(edited.data).toMatchObject({ version: 2, customer: { name: 'John Doe', phoneNumber: '+358401234' } });
    const halved = await channel.PATCH('/v1/orders/{id}/items/{plu}', {
      params: { path: { id, plu: 'CAT1-0001' } },
      body: { quantity: 1 },
    });
    expect(halved.data).toMatchObject({ totalAmount: 12.5, paidAmount: 25, refundedAmount: 12.5 });
    const refund = await internal.POST('/v1/orders/{id}/refunds', {
      params: { path: { id } },
      body: { amount: 2.5, reason: 'late' },
    });
    expect(refund.response.status).toBe(201);
    expect(refund.data).toMatchObject({ orderId: id, amount: 2.5, status: 'PENDING', reason: 'late' });
  });

  it('is generated from a document that declares the live stream as text/event-stream', async () => {
    const document = (await (await fetch(`${stack.gatewayUrl}/docs-json`)).json()) as {
      paths: Record<string, { get: { operationId: string; responses: Record<string, { content?: object }> } }>;
    };
    const stream = document.paths['/v1/stream'].get;
    expect(stream.operationId).toBe('streamOrderEvents');
    expect(Object.keys(stream.responses['200'].content ?? {})).toEqual(['text/event-stream']);
  });
});
