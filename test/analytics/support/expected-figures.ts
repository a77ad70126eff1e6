/**
 * Analytics figures computed straight from known order timelines (CONTRACT section 5), with no
 * code shared with the analytics service: what the tests hold the service's answers against.
 */
export interface Line {
  plu: string;
  quantity: number;
  unitPrice?: number;
  /** When the line was added; undefined = with the order (placedAt). */
  addedAt?: number;
}

export interface Timeline {
  brandId: string;
  customerKey: string | null;
  placedAt: number;
  lines: Line[];
  /** Order status changes after PLACED, with their times (ms). */
  changes: { to: string; at: number }[];
  /** Item changes not caused by an order change. */
  itemChanges?: { plu: string; to: string; at: number }[];
  /** Promised ready times as they were set (on acceptance) and moved, with when. */
  promises?: { at: number; promisedReadyAt: number }[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;

export interface Durations {
  [key: string]: { sumMs: number; count: number };
}

export class ExpectedFigures {
  /** `${grainSize}|${bucketMs}|${brand}` -> counters */
  readonly throughput = new Map<string, { placed: number; pickedUp: number; rejected: number; cancelled: number }>();
  /** `${bucketHourMs}|${brand}|${scope}|${status}` */
  readonly durations = new Map<string, { sumMs: number; count: number }>();
  readonly current = new Map<string, string>(); // per order index: brand|status
  readonly statusCounts = new Map<string, number>(); // brand|status
  readonly processing = new Map<string, { count: number; sumMs: number }>();
  readonly customers = new Map<string, { orders: number; first: number; last: number; totalMicro: number }>();
  /** Every counted instant, unbucketed: for buckets of any zone. */
  readonly counted: { at: number; brand: string; field: 'placed' | 'pickedUp' | 'rejected' | 'cancelled' }[] = [];
  /** Every duration with the instant its status was left, unbucketed. */
  readonly left: { at: number; brand: string; scope: string; status: string; ms: number }[] = [];
  /** Every READY with the promise in force then: lateness 0 when on time. */
  readonly readies: { at: number; brand: string; latenessMs: number }[] = [];

  add(o: Timeline): void {
    const tp = (ms: number, field: 'placed' | 'pickedUp' | 'rejected' | 'cancelled') => {
      this.counted.push({ at: ms, brand: o.brandId, field });
      for (const size of [HOUR, DAY]) {
        const key = `${size}|${floorTo(ms, size)}|${o.brandId}`;
        const row = this.throughput.get(key) ?? { placed: 0, pickedUp: 0, rejected: 0, cancelled: 0 };
        row[field]++;
        this.throughput.set(key, row);
      }
    };
    const dur = (scope: string, status: string, from: number, to: number) => {
      this.left.push({ at: to, brand: o.brandId, scope, status, ms: to - from });
      const key = `${floorTo(to, HOUR)}|${o.brandId}|${scope}|${status}`;
      const row = this.durations.get(key) ?? { sumMs: 0, count: 0 };
      row.sumMs += to - from;
      row.count++;
      this.durations.set(key, row);
    };
    tp(o.placedAt, 'placed');
    const items = new Map<string, { status: string; since: number }>();
    let total = 0;
    for (const l of o.lines) {
      if (!items.has(l.plu)) items.set(l.plu, { status: 'QUEUED', since: l.addedAt ?? o.placedAt });
      total += Math.round(l.quantity * (l.unitPrice ?? 0) * 1e6);
    }
    let status = 'PLACED';
    let since = o.placedAt;
    const all = [
      ...o.changes.map((c) => ({ kind: 'order' as const, ...c })),
      ...(o.itemChanges ?? []).map((c) => ({ kind: 'item' as const, ...c })),
    ].sort((a, b) => a.at - b.at);
    for (const c of all) {
      if (c.kind === 'item') {
        const it = items.get(c.plu)!;
        dur('item', it.status, it.since, c.at);
        items.set(c.plu, { status: c.to, since: c.at });
        continue;
      }
      dur('order', status, since, c.at);
      status = c.to;
      since = c.at;
      if (c.to === 'PICKED_UP') {
        tp(c.at, 'pickedUp');
        const p = this.processing.get(o.brandId) ?? { count: 0, sumMs: 0 };
        p.count++;
        p.sumMs += c.at - o.placedAt;
        this.processing.set(o.brandId, p);
      }
      const promise = (o.promises ?? []).filter((p) => p.at <= c.at).at(-1);
      if (c.to === 'READY' && promise)
        this.readies.push({ at: c.at, brand: o.brandId, latenessMs: Math.max(0, c.at - promise.promisedReadyAt) });
      if (c.to === 'REJECTED') tp(c.at, 'rejected');
      if (c.to === 'CANCELLED') tp(c.at, 'cancelled');
      // The order's cascade (CONTRACT section 2), at the same time.
      for (const [plu, it] of items) {
        if (it.status === 'READY' || it.status === 'CANCELLED') continue;
        const to = c.to === 'READY' ? 'READY' : c.to === 'CANCELLED' || c.to === 'REJECTED' ? 'CANCELLED' : null;
        if (!to) continue;
        dur('item', it.status, it.since, c.at);
        items.set(plu, { status: to, since: c.at });
      }
    }
    const sk = `${o.brandId}|${status}`;
    this.statusCounts.set(sk, (this.statusCounts.get(sk) ?? 0) + 1);
    if (o.customerKey) {
      const c = this.customers.get(o.customerKey) ?? { orders: 0, first: Infinity, last: -Infinity, totalMicro: 0 };
      c.orders++;
      c.first = Math.min(c.first, o.placedAt);
      c.last = Math.max(c.last, o.placedAt);
      c.totalMicro += total;
      this.customers.set(o.customerKey, c);
    }
  }

  throughputBuckets(from: number, to: number, size: number, brand?: string) {
    const out = [];
    for (let t = from; t < to; t += size) {
      const start = new Date(t).toISOString();
      const row = { start, localStart: start.replace('Z', '+00:00'), placed: 0, pickedUp: 0, rejected: 0, cancelled: 0 };
      for (const [key, v] of this.throughput) {
        const [s, b, br] = key.split('|');
        if (Number(s) !== size || Number(b) !== t || (brand && br !== brand)) continue;
        row.placed += v.placed;
        row.pickedUp += v.pickedUp;
        row.rejected += v.rejected;
        row.cancelled += v.cancelled;
      }
      out.push(row);
    }
    return out;
  }

  statusDurations(from: number, to: number, scope: 'order' | 'item', brand?: string) {
    const statuses = scope === 'order' ? ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'] : ['QUEUED', 'PREPARING'];
    return statuses.map((status) => {
      let sumMs = 0;
      let count = 0;
      for (const [key, v] of this.durations) {
        const [b, br, sc, st] = key.split('|');
        if (sc !== scope || st !== status || Number(b) < from || Number(b) >= to || (brand && br !== brand)) continue;
        sumMs += v.sumMs;
        count += v.count;
      }
      return { status, count, averageSeconds: count ? sumMs / count / 1000 : null };
    });
  }

  /** Counters per bucket of `edges` (bucket starts, then the end), from the unbucketed instants. */
  countsIn(edges: number[]) {
    const rows = edges.slice(0, -1).map(() => ({ placed: 0, pickedUp: 0, rejected: 0, cancelled: 0 }));
    for (const c of this.counted) {
      const i = edges.findIndex((e, k) => k < edges.length - 1 && e <= c.at && c.at < edges[k + 1]);
      if (i >= 0) rows[i][c.field]++;
    }
    return rows;
  }

  /** Punctuality per bucket of `edges` (bucket starts, then the end), from the unbucketed READYs. */
  punctualityIn(edges: number[], brand?: string) {
    return edges.slice(0, -1).map((from, k) => {
      const hits = this.readies.filter((r) => r.at >= from && r.at < edges[k + 1] && (!brand || r.brand === brand));
      const late = hits.filter((r) => r.latenessMs > 0);
      return {
        ready: hits.length,
        onTime: hits.length - late.length,
        late: late.length,
        averageLatenessSeconds: late.length ? late.reduce((sum, r) => sum + r.latenessMs, 0) / late.length / 1000 : null,
      };
    });
  }

  /** Status durations of statuses left in [from, to), from the unbucketed durations. */
  durationsLeftIn(from: number, to: number, scope: 'order' | 'item') {
    const statuses = scope === 'order' ? ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'] : ['QUEUED', 'PREPARING'];
    return statuses.map((status) => {
      const hits = this.left.filter((d) => d.scope === scope && d.status === status && d.at >= from && d.at < to);
      const sumMs = hits.reduce((sum, d) => sum + d.ms, 0);
      return { status, count: hits.length, averageSeconds: hits.length ? sumMs / hits.length / 1000 : null };
    });
  }

  summary(brand?: string) {
    const ordersByStatus: Record<string, number> = Object.fromEntries(
      ['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP', 'REJECTED', 'CANCELLED'].map((s) => [s, 0]),
    );
    for (const [key, n] of this.statusCounts) {
      const [br, st] = key.split('|');
      if (!brand || br === brand) ordersByStatus[st] += n;
    }
    let count = 0;
    let sumMs = 0;
    for (const [br, p] of this.processing) {
      if (brand && br !== brand) continue;
      count += p.count;
      sumMs += p.sumMs;
    }
    return {
      ordersByStatus,
      completedOrders: ordersByStatus.PICKED_UP,
      averageProcessingSeconds: count ? sumMs / count / 1000 : null,
    };
  }

  customer(key: string) {
    const c = this.customers.get(key);
    if (!c) return undefined;
    return {
      customerId: key,
      orders: c.orders,
      firstOrderAt: new Date(c.first).toISOString(),
      lastOrderAt: new Date(c.last).toISOString(),
      totalAmount: c.totalMicro / 1e6,
    };
  }

  topCustomers(limit: number) {
    return [...this.customers.keys()]
      .sort((a, b) => this.customers.get(b)!.orders - this.customers.get(a)!.orders || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map((k) => this.customer(k)!);
  }
}

/** A small deterministic PRNG, so a failing run can be replayed exactly. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Order paths through the state machine. */
export const PATHS = [
  ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'],
  ['REJECTED'],
  ['ACCEPTED', 'PREPARING', 'CANCELLED'],
  ['ACCEPTED', 'PREPARING'],
  ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'],
  ['CANCELLED'],
  ['ACCEPTED', 'PREPARING', 'READY'],
  [],
];

/** A timeline for order i: placed within `spanMs` after `base`, each step 1 s to ~40 min later, ms included. */
export function timelineOf(i: number, base: number, spanMs: number, rand: () => number): Timeline {
  const brandId = i % 3 === 0 ? 'brand-north' : 'brand-south';
  const customerKey = i % 10 === 0 ? `+35840123${i % 4}` : `cust-${i % 23}`;
  const placedAt = base + Math.floor(rand() * spanMs);
  const lines: Line[] = [{ plu: 'P-1', quantity: 1 + (i % 3), unitPrice: [12.5, 9.99, 0.1][i % 3] }];
  if (i % 2) lines.push({ plu: 'P-2', quantity: 2, ...(i % 4 === 1 ? {} : { unitPrice: 3.35 }) });
  let at = placedAt;
  const changes = PATHS[i % PATHS.length].map((to) => {
    at += 1_000 + Math.floor(rand() * 2_400_000);
    return { to, at };
  });
  // A promise on acceptance, some 5 to 45 minutes out; every fifth moved again while PREPARING.
  const promises: Timeline['promises'] = [];
  for (const c of changes) {
    const promisedReadyAt = c.at + 60_000 * (5 + Math.floor(rand() * 40)); // whole minutes, as prepMinutes gives
    if (c.to === 'ACCEPTED' || (c.to === 'PREPARING' && i % 5 === 0)) promises.push({ at: c.at, promisedReadyAt });
  }
  return { brandId, customerKey, placedAt, lines, changes, promises };
}
