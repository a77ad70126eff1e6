import type { HostileCase } from './hostile-cases.js';

/**
 * 100,000-element arrays, small enough in bytes to pass a body limit where they can: the bodies
 * that once made the gateway build an error for every element until its heap ran out.
 */
export const ELEMENTS = 100_000;

const filled = (element: () => unknown): unknown[] => Array.from({ length: ELEMENTS }, element);

export const OVERSIZED_ARRAYS: Record<string, () => unknown[]> = {
  'empty objects': () => filled(() => ({})),
  integers: () => filled(() => 1),
  'nested objects': () => filled(() => ({ a: { b: [{}] } })),
  'long strings': () => filled(() => 'x'.repeat(64)),
};

const order = (over: Record<string, unknown>) => ({
  channelOrderId: `BIG-${Math.random().toString(36).slice(2, 10)}`,
  brandId: 'brand-hostile',
  customer: { name: 'Eve' },
  items: [{ plu: 'P-9', name: 'Tea', quantity: 1, unitPrice: 2 }],
  ...over,
});

/** 413 when the array alone is larger than the route's body limit, else a 400 naming the field. */
const sized = (body: unknown, limitKb: number): number => (JSON.stringify(body).length > limitKb * 1024 ? 413 : 400);

type Route = Omit<HostileCase, 'status' | 'body'> & { body: () => unknown };

/**
 * Built when a test reads `body`, so that the cases do not hold a hundred megabytes between
 * requests (and a heap measured around them sees only what the requests left behind).
 */
function lazily(route: Route, status: number, field: string): HostileCase {
  const { body, ...rest } = route;
  return Object.defineProperty({ ...rest, status, field }, 'body', { get: body, enumerable: true }) as HostileCase;
}

function routeCases(kind: string, array: () => unknown[]): HostileCase[] {
  const cases: Route[] = [
    {
      name: `create: items of ${kind}`,
      method: 'post',
      path: '/v1/orders',
      role: 'channel',
      body: () => order({ items: array() }),
      field: 'items',
    },
    {
      name: `create: payments of ${kind}`,
      method: 'post',
      path: '/v1/orders',
      role: 'channel',
      body: () => order({ payments: array() }),
      field: 'payments',
    },
    {
      name: `create: a customer of ${kind}`,
      method: 'post',
      path: '/v1/orders',
      role: 'channel',
      body: () => order({ customer: array() }),
      field: 'customer',
    },
    {
      name: `create: an unknown field of ${kind}`,
      method: 'post',
      path: '/v1/orders',
      role: 'channel',
      body: () => order({ extras: array() }),
      field: 'extras',
    },
    {
      name: `add items: items of ${kind}`,
      method: 'post',
      path: '/v1/orders/{order}/items',
      role: 'channel',
      body: () => ({ items: array() }),
      field: 'items',
    },
    {
      name: `change status: a reason of ${kind}`,
      method: 'patch',
      path: '/v1/orders/{order}/status',
      role: 'staff',
      body: () => ({ status: 'ACCEPTED', reason: array() }),
      field: 'reason',
    },
    {
      name: `item status: a status of ${kind}`,
      method: 'patch',
      path: '/v1/orders/{order}/items/{plu}/status',
      role: 'staff',
      body: () => ({ status: array() }),
      field: 'status',
    },
    {
      name: `update refund: a status of ${kind}`,
      method: 'patch',
      path: '/v1/refunds/3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85',
      role: 'internal',
      body: () => ({ status: array() }),
      field: 'status',
    },
  ];
  return cases.map((c) => {
    const status = sized(c.body(), c.method === 'post' ? 512 : 16);
    return lazily(c, status, status === 413 ? '' : c.field);
  });
}

export const OVERSIZED_CASES: HostileCase[] = Object.entries(OVERSIZED_ARRAYS).flatMap(([kind, array]) =>
  routeCases(kind, array),
);
