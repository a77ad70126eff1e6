import autocannon, { type Request } from 'autocannon';
import { LIFECYCLE } from './orders.js';
import type { Stack } from './stack.js';
import { percentiles } from './stats.js';

export interface LoadResult {
  seconds: number;
  /** Orders created (201 or 202), or for a lifecycle load orders taken to PICKED_UP. */
  orders: number;
  requests: number;
  /** Of 2xx responses, in ms. */
  latency: { p50: number | null; p95: number | null; p99: number | null };
  /** Responses by status code, plus connection errors and timeouts. */
  outcomes: Record<string, number>;
}

const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

/** Closed loop: each connection sends its next request when the previous one is answered. */
function drive(
  stack: Stack,
  connections: number,
  seconds: number,
  requests: Request[],
  counted: () => number,
  stopAt = Infinity,
) {
  const latencies: number[] = [];
  return new Promise<LoadResult>((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon({ url: stack.baseUrl, connections, duration: seconds, timeout: 30, requests }, (err, result) => {
      if (err) return reject(err);
      const [p50, p95, p99] = percentiles(latencies, [0.5, 0.95, 0.99]);
      const outcomes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
      if (result.errors) outcomes.errors = result.errors;
      resolve({
        seconds: (performance.now() - started) / 1000,
        orders: counted(),
        requests: result.requests.total,
        latency: { p50, p95, p99 },
        outcomes,
      });
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
      if (counted() >= stopAt) instance.stop();
    });
  });
}

/** POST /v1/orders with realistic bodies, as fast as `connections` callers can. */
export function createLoad(stack: Stack, nextBody: () => string, connections: number, seconds: number) {
  let created = 0;
  const create: Request = {
    method: 'POST',
    path: '/v1/orders',
    headers: json(stack.keys.create),
    setupRequest: (req) => ({ ...req, body: nextBody() }),
    onResponse: (status) => {
      if (status === 201 || status === 202) created++;
    },
  };
  return drive(stack, connections, seconds, [create], () => created);
}

/**
 * Each connection takes one order through create → ACCEPTED → PREPARING → READY → PICKED_UP,
 * then starts the next; a refused step abandons that order. Counts orders that reached PICKED_UP.
 */
export function lifecycleLoad(stack: Stack, nextBody: () => string, connections: number, seconds: number, stopAt?: number) {
  let completed = 0;
  const create: Request = {
    method: 'POST',
    path: '/v1/orders',
    headers: json(stack.keys.create),
    setupRequest: (req) => ({ ...req, body: nextBody() }),
    // A 202 is not stored yet: its status change would be a 404.
    onResponse: (status, body, ctx) => {
      ctx.id = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
    },
  };
  const steps = LIFECYCLE.map((status): Request => ({
    method: 'PATCH',
    headers: json(stack.keys.staff),
    body: JSON.stringify({ status }),
    setupRequest: (req, ctx) => (ctx.id ? { ...req, path: `/v1/orders/${ctx.id as string}/status` } : undefined),
    onResponse: (code, _body, ctx) => {
      if (code !== 200) ctx.id = undefined;
      else if (status === 'PICKED_UP') completed++;
    },
  }));
  return drive(stack, connections, seconds, [create, ...steps], () => completed, stopAt);
}

/**
 * A lifecycle with edits: create → ACCEPTED → one quantity change (the first line, one more) →
 * one removal (the last line; an order of one line changes its quantity back instead) →
 * PREPARING → READY → PICKED_UP. A refused step abandons that order. Counts orders picked up.
 */
export function editLifecycleLoad(stack: Stack, nextBody: () => string, connections: number, seconds: number) {
  let completed = 0;
  type Line = { plu: string; quantity: number };
  const create: Request = {
    method: 'POST',
    path: '/v1/orders',
    headers: json(stack.keys.create),
    setupRequest: (req) => ({ ...req, body: nextBody() }),
    onResponse: (status, body, ctx) => {
      const order = status === 201 ? (JSON.parse(body) as { id: string; items: Line[] }) : undefined;
      ctx.id = order?.id;
      ctx.items = order?.items.map(({ plu, quantity }) => ({ plu, quantity }));
    },
  };
  const patch = (path: (ctx: Record<string, unknown>) => string, body: (ctx: Record<string, unknown>) => object): Request => ({
    method: 'PATCH',
    headers: json(stack.keys.staff),
    setupRequest: (req, ctx) => (ctx.id ? { ...req, path: path(ctx), body: JSON.stringify(body(ctx)) } : undefined),
    onResponse: (code, _body, ctx) => {
      if (code !== 200) ctx.id = undefined;
    },
  });
  const lines = (ctx: Record<string, unknown>) => ctx.items as Line[];
  const status = (to: (typeof LIFECYCLE)[number]) =>
    patch(
      (ctx) => `/v1/orders/${ctx.id as string}/status`,
      () => ({ status: to }),
    );
  const first = (ctx: Record<string, unknown>) => lines(ctx)[0]!;
  const last = (ctx: Record<string, unknown>) => lines(ctx).at(-1)!;
  const steps: Request[] = [
    status('ACCEPTED'),
    patch(
      (ctx) => `/v1/orders/${ctx.id as string}/items/${encodeURIComponent(first(ctx).plu)}`,
      (ctx) => ({ quantity: first(ctx).quantity + 1 }),
    ),
    patch(
      (ctx) => `/v1/orders/${ctx.id as string}/items/${encodeURIComponent(last(ctx).plu)}`,
      (ctx) => ({ quantity: lines(ctx).length > 1 ? 0 : first(ctx).quantity }),
    ),
    status('PREPARING'),
    status('READY'),
    { ...status('PICKED_UP'), onResponse: (code, _body, ctx) => (code === 200 ? void completed++ : void (ctx.id = undefined)) },
  ];
  return drive(stack, connections, seconds, [create, ...steps], () => completed);
}
