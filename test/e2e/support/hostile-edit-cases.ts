import type { HostileCase } from './hostile-cases.js';

/*
 * Changing a placed order (CONTRACT section 8): details, quantities and goodwill refunds. The
 * fixture is a PLACED DELIVERY order of one line P-1 (2 × 7.25) paid 14.5 in one payment. Cases
 * marked `reachesOrders` pass the gateway and are refused by the orders service from what the
 * order holds; none changes anything.
 */
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const NUL = 'a\u0000b';
const LOW = '\udc00b';

const patch = (name: string, path: string, body: unknown, field: string, extra: Partial<HostileCase> = {}): HostileCase => ({
  name,
  method: 'patch',
  path,
  role: 'staff',
  body,
  status: 400,
  field,
  ...extra,
});

function editCases(): HostileCase[] {
  const path = '/v1/orders/{order}';
  const edit = (name: string, body: unknown, field: string, extra: Partial<HostileCase> = {}) =>
    patch(`edit order: ${name}`, path, body, field, extra);
  return [
    edit('an empty body', {}, 'customer'),
    edit('customer.id (the analytics key stays)', { customer: { id: 'c-2' } }, 'customer.id'),
    edit('customer as a string', { customer: 'Eve' }, 'customer'),
    edit('customer.name of 201 characters', { customer: { name: 'n'.repeat(201) } }, 'customer.name'),
    edit('customer.name with a NUL', { customer: { name: NUL } }, 'customer.name'),
    edit('customer.phoneNumber of letters', { customer: { phoneNumber: 'call me' } }, 'customer.phoneNumber'),
    edit('deliveryAddress as a string', { deliveryAddress: 'Huuvatie 1' }, 'deliveryAddress'),
    edit('deliveryAddress.city with a lone surrogate', { deliveryAddress: { city: LOW } }, 'deliveryAddress.city'),
    edit('deliveryAddress with an unknown field', { deliveryAddress: { floor: 3 } }, 'deliveryAddress.floor'),
    edit('pickupTime in words', { pickupTime: 'tomorrow' }, 'pickupTime'),
    edit('pickupTime 8 days ahead', { pickupTime: at(8 * 24 * HOUR) }, 'pickupTime'),
    edit('pickupTime an hour ago', { pickupTime: at(-HOUR) }, 'pickupTime'),
    edit('fulfillment mode unknown', { fulfillment: { mode: 'DRONE' } }, 'fulfillment.mode'),
    edit('DINE_IN without a table', { fulfillment: { mode: 'DINE_IN' } }, 'fulfillment.table'),
    edit('PICKUP while the delivery address stays', { fulfillment: { mode: 'PICKUP' } }, 'deliveryAddress', {
      reachesOrders: true,
    }),
    edit('no address for a DELIVERY order', { deliveryAddress: null }, 'deliveryAddress', { reachesOrders: true }),
    edit('status (not a field of this route)', { status: 'ACCEPTED' }, 'status'),
    edit('items (not a field of this route)', { items: [] }, 'items'),
    { ...edit('an order id that is not a UUID', { customer: { name: 'Eve' } }, 'id'), path: '/v1/orders/not-a-uuid' },
    { ...edit('a malformed If-Match', { customer: { name: 'Eve' } }, 'If-Match'), headers: { 'If-Match': 'v3' } },
    {
      ...edit('a stale If-Match', { customer: { name: 'Eve' } }, 'If-Match', { status: 412, reachesOrders: true }),
      headers: { 'If-Match': '"999"' },
    },
    { ...edit('malformed JSON', undefined, 'body'), raw: '{"customer":' },
    { ...edit('from an analyst key', { customer: { name: 'Eve' } }, 'role', { status: 403 }), role: 'analyst' },
  ];
}

function quantityCases(): HostileCase[] {
  const path = '/v1/orders/{order}/items/{plu}';
  const quantity = (name: string, body: unknown, field: string, extra: Partial<HostileCase> = {}) =>
    patch(`item quantity: ${name}`, path, body, field, extra);
  return [
    quantity('quantity -1', { quantity: -1 }, 'quantity'),
    quantity('quantity 1.5', { quantity: 1.5 }, 'quantity'),
    quantity('quantity 10,001', { quantity: 10_001 }, 'quantity'),
    quantity('quantity as a string', { quantity: '2' }, 'quantity'),
    quantity('quantity null', { quantity: null }, 'quantity'),
    quantity('no quantity', {}, 'quantity'),
    quantity('an unknown field', { quantity: 1, status: 'READY' }, 'status'),
    {
      ...quantity('a plu the order does not have', { quantity: 1 }, 'plu', { status: 404, reachesOrders: true }),
      path: '/v1/orders/{order}/items/NOPE-1',
    },
    { ...quantity('a plu with a slash-free bad character', { quantity: 1 }, 'plu'), path: '/v1/orders/{order}/items/-bad' },
    { ...quantity('an order id that is not a UUID', { quantity: 1 }, 'id'), path: '/v1/orders/not-a-uuid/items/P-1' },
    {
      ...quantity('a stale If-Match', { quantity: 1 }, 'If-Match', { status: 412, reachesOrders: true }),
      headers: { 'If-Match': '"999"' },
    },
    { ...quantity('from an analyst key', { quantity: 1 }, 'role', { status: 403 }), role: 'analyst' },
  ];
}

function goodwillCases(): HostileCase[] {
  const path = '/v1/orders/{order}/refunds';
  const refund = (name: string, body: unknown, field: string, extra: Partial<HostileCase> = {}): HostileCase => ({
    ...patch(`goodwill refund: ${name}`, path, body, field, extra),
    method: 'post',
    role: 'internal',
    ...extra,
  });
  return [
    refund('no reason', { amount: 1 }, 'reason'),
    refund('a blank reason', { amount: 1, reason: '' }, 'reason'),
    refund('no amount', { reason: 'x' }, 'amount'),
    refund('amount 0', { amount: 0, reason: 'x' }, 'amount'),
    refund('amount -1', { amount: -1, reason: 'x' }, 'amount'),
    refund('amount with 5 decimals', { amount: 1.00001, reason: 'x' }, 'amount'),
    refund('amount as a string', { amount: '1', reason: 'x' }, 'amount'),
    refund('a reason of 201 characters', { amount: 1, reason: 'r'.repeat(201) }, 'reason'),
    refund('a paymentReference with a NUL', { amount: 1, reason: 'x', paymentReference: NUL }, 'paymentReference'),
    refund('more than is left', { amount: 100, reason: 'x' }, 'amount', { status: 409, reachesOrders: true }),
    refund('a payment the order does not have', { amount: 1, reason: 'x', paymentReference: 'pay-nope' }, 'paymentReference', {
      reachesOrders: true,
    }),
    { ...refund('an order id that is not a UUID', { amount: 1, reason: 'x' }, 'id'), path: '/v1/orders/not-a-uuid/refunds' },
    { ...refund('from a staff key', { amount: 1, reason: 'x' }, 'role', { status: 403 }), role: 'staff' },
  ];
}

export const EDIT_CASES: HostileCase[] = [...editCases(), ...quantityCases(), ...goodwillCases()];
