import { customerKeyOf, type OrderEventMap } from '#contracts';

/** One stored event of an order, as the projection reads it. */
export interface StoredEvent {
  sequence: number;
  type: string;
  time: string;
  data: unknown;
}

/** Additive facts keyed by a JSON array of the row's key columns; values are that row's counters. */
export type Facts = Record<string, number[]>;

/**
 * What one order adds to every summary table. Stored per order, so the next event of the order
 * applies only the difference: duplicates, reordering and redelivery can never count twice.
 */
export interface Contribution {
  /** [grain, bucket, brand or ALL_BRANDS] -> [placed, pickedUp, rejected, cancelled] */
  throughput: Facts;
  /** [grain, bucket, brand or ALL_BRANDS, scope, status] -> [sumMs, count] */
  durations: Facts;
  /** [brand, status] -> [count] */
  statusCounts: Facts;
  /** [brand] -> [count, sumMs] */
  processing: Facts;
  /** [customerKey] -> [orders, totalMicro] */
  customers: Facts;
  /** The order's placedAt, for the customer's first/last order (only ever grows the set). */
  placedAt: string | null;
}

export const SUMMARY_TABLES = ['throughput', 'durations', 'statusCounts', 'processing', 'customers'] as const;
export type SummaryTable = (typeof SUMMARY_TABLES)[number];

/** brand_id of the rows that total every brand (a real brandId is never empty). */
export const ALL_BRANDS = '';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const TERMINAL_COUNTED = { PICKED_UP: 1, REJECTED: 2, CANCELLED: 3 } as Record<string, number>;

const bucketOf = (ms: number, size: number) => new Date(Math.floor(ms / size) * size).toISOString();

/** quantity x unitPrice in millionths, so sums are exact integers (prices have at most 4 decimals). */
export const lineMicro = (item: { quantity: number; unitPrice?: number | null }) =>
  Math.round(item.quantity * (item.unitPrice ?? 0) * 1_000_000);

export function emptyContribution(): Contribution {
  return { throughput: {}, durations: {}, statusCounts: {}, processing: {}, customers: {}, placedAt: null };
}

function add(facts: Facts, key: unknown[], values: number[]): void {
  const k = JSON.stringify(key);
  const row = (facts[k] ??= values.map(() => 0));
  values.forEach((v, i) => (row[i] += v));
}

/** Events 1..n with no gap: a later event contributes nothing until every earlier one is stored. */
export function contiguousPrefix(events: StoredEvent[]): StoredEvent[] {
  const sorted = [...events].sort((a, b) => a.sequence - b.sequence);
  const prefix: StoredEvent[] = [];
  for (const e of sorted) {
    if (e.sequence === prefix.length) continue; // a second event with a sequence already taken
    if (e.sequence !== prefix.length + 1) break;
    prefix.push(e);
  }
  return prefix;
}

/** The contribution of an order whose contiguous events (from sequence 1, `order.created`) are `prefix`. */
export function contributionOf(prefix: StoredEvent[]): Contribution {
  const c = emptyContribution();
  const created = prefix[0];
  if (!created || created.type !== 'order.created') return c;
  const order = created.data as OrderEventMap['order.created'];
  const brand = order.brandId;
  const placedMs = Date.parse(order.placedAt);
  // Each bucketed fact also goes to the all-brands row, so a query without brandId reads one row per bucket.
  const both = (ms: number, rest: unknown[], values: number[], facts: Facts) => {
    for (const b of [brand, ALL_BRANDS]) {
      add(facts, ['h', bucketOf(ms, HOUR), b, ...rest], values);
      add(facts, ['d', bucketOf(ms, DAY), b, ...rest], values);
    }
  };
  const duration = (scope: string, status: string, since: number, at: number) =>
    both(at, [scope, status], [at - since, 1], c.durations);

  let status: string = 'PLACED';
  let since = placedMs;
  let amount = order.items.reduce((sum, item) => sum + lineMicro(item), 0);
  const items = new Map(order.items.map((i) => [i.plu, { status: 'QUEUED' as string, since: placedMs }]));
  both(placedMs, [], [1, 0, 0, 0], c.throughput);

  for (const e of prefix.slice(1)) {
    if (e.type === 'order.status_changed') {
      const d = e.data as OrderEventMap['order.status_changed'];
      const at = Date.parse(d.at);
      duration('order', status, since, at);
      [status, since] = [d.to, at];
      const slot = TERMINAL_COUNTED[d.to];
      if (slot)
        both(
          at,
          [],
          [0, 0, 0, 0].map((_, i) => (i === slot ? 1 : 0)),
          c.throughput,
        );
      if (d.to === 'PICKED_UP') add(c.processing, [brand], [1, at - placedMs]);
    } else if (e.type === 'order.items_added') {
      const d = e.data as OrderEventMap['order.items_added'];
      const at = Date.parse(e.time);
      for (const item of d.items) {
        // The same plu adds to the quantity of the line already there: its QUEUED time runs on.
        if (!items.has(item.plu)) items.set(item.plu, { status: 'QUEUED', since: at });
        amount += lineMicro(item);
      }
    } else if (e.type === 'order.item_status_changed') {
      const d = e.data as OrderEventMap['order.item_status_changed'];
      const at = Date.parse(d.at);
      const item = items.get(d.plu);
      if (item) duration('item', item.status, item.since, at);
      items.set(d.plu, { status: d.to, since: at });
    }
  }
  add(c.statusCounts, [brand, status], [1]);
  const customer = customerKeyOf(order.customer ?? {});
  if (customer) add(c.customers, [customer], [1, amount]);
  c.placedAt = new Date(placedMs).toISOString();
  return c;
}

/** new - old, row by row; rows whose every counter is unchanged are left out. */
export function deltaOf(next: Facts, prev: Facts): Facts {
  const out: Facts = {};
  for (const key of new Set([...Object.keys(next), ...Object.keys(prev)])) {
    const n = next[key];
    const p = prev[key];
    const width = (n ?? p).length;
    const d = Array.from({ length: width }, (_, i) => (n?.[i] ?? 0) - (p?.[i] ?? 0));
    if (d.some((v) => v !== 0)) out[key] = d;
  }
  return out;
}
