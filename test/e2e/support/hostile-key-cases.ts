import type { HostileCase } from './hostile-cases.js';

/*
 * A malformed Idempotency-Key on every write other than create (CONTRACT section 3, "Every other
 * write"): each a 400 naming the header, refused before anything is queued, with a body that is
 * otherwise valid for the route.
 */
const SUB = '00000000-0000-4000-8000-00000000beef';
const soon = () => new Date(Date.now() + 3_600_000).toISOString();

const WRITES: (Omit<HostileCase, 'name' | 'status' | 'field'> & { route: string })[] = [
  { method: 'patch', route: 'change status', path: '/v1/orders/{order}/status', role: 'staff', body: { status: 'ACCEPTED' } },
  {
    method: 'patch',
    route: 'item status',
    path: '/v1/orders/{order}/items/{plu}/status',
    role: 'staff',
    body: { status: 'PREPARING' },
  },
  {
    method: 'post',
    route: 'add items',
    path: '/v1/orders/{order}/items',
    role: 'channel',
    body: { items: [{ plu: 'N-1', name: 'Bread', quantity: 1 }] },
  },
  { method: 'patch', route: 'edit order', path: '/v1/orders/{order}', role: 'staff', body: { customer: { name: 'Eve' } } },
  { method: 'patch', route: 'item quantity', path: '/v1/orders/{order}/items/{plu}', role: 'staff', body: { quantity: 1 } },
  {
    method: 'patch',
    route: 'promised time',
    path: '/v1/orders/{order}/promised-time',
    role: 'staff',
    body: { promisedReadyAt: soon() },
  },
  {
    method: 'post',
    route: 'goodwill refund',
    path: '/v1/orders/{order}/refunds',
    role: 'internal',
    body: { amount: 1, reason: 'x' },
  },
  {
    method: 'patch',
    route: 'update refund',
    path: '/v1/refunds/3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85',
    role: 'internal',
    body: { status: 'PROCESSED' },
  },
  { method: 'patch', route: 'webhooks', path: `/v1/webhooks/${SUB}`, role: 'admin', body: { description: 'x' } },
  { method: 'post', route: 'webhooks', path: `/v1/webhooks/${SUB}/rotate-secret`, role: 'admin' },
  { method: 'post', route: 'webhooks', path: `/v1/webhooks/${SUB}/deliveries/${SUB}/retry`, role: 'admin' },
  {
    method: 'post',
    route: 'webhooks',
    path: `/v1/webhooks/${SUB}/replay`,
    role: 'admin',
    body: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
  },
];

const BAD_KEYS: [string, string][] = [
  ['of 256 characters', 'k'.repeat(256)],
  ['of blanks', '   '],
  ['with a non-ASCII character', 'cl\u00e9-1'],
];

export const KEY_CASES: HostileCase[] = WRITES.flatMap((write) =>
  BAD_KEYS.map(([what, key]): HostileCase => ({
    method: write.method,
    path: write.path,
    role: write.role,
    body: write.body,
    name: `${write.route}: an Idempotency-Key ${what} on ${write.method.toUpperCase()} ${write.path}`,
    headers: { 'Idempotency-Key': key },
    status: 400,
    field: 'Idempotency-Key',
  })),
);
