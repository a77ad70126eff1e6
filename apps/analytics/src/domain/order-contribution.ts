import { customerKeyOf } from '#contracts/rules';
import type { OrderEventMap } from '#contracts';
import { lineMicro } from './micro-amount.js';

/** One stored event of an order, as the projection reads it. */
export interface StoredEvent {
  sequence: number;
  type: string;
  time: string;
  data: unknown;
}

/**
 * Additive facts keyed by a JSON array of the row's key columns; values are that row's counters.
 * Counters are bigints: amounts and summed durations outgrow a double's exact integers long
 * before they outgrow the `numeric` columns they are added to.
 */
export type Facts = Record<string, bigint[]>;

/**
 * What one order adds to every summary table, per brand only: totals over brands are summed when
 * read, so no row is written by every order. Stored per order, so the next event of the order
 * applies only the difference: duplicates, reordering and redelivery can never count twice.
 */
export interface Contribution {
  /** [grain ('q' UTC quarter hour, 'h' hour, 'd' day), bucket, brand] -> [placed, pickedUp, rejected, cancelled] */
  throughput: Facts;
  /** [grain, bucket, brand, scope, status] -> [sumMs, count] */
  durations: Facts;
  /** [grain, bucket, brand] -> [ready, onTime, late, latenessMs]: orders entering READY with a promise */
  punctuality: Facts;
  /** [brand, status] -> [count] */
  statusCounts: Facts;
  /** [brand] -> [count, sumMs] */
  processing: Facts;
  /** [customerKey] -> [orders, totalMicro], over every brand */
  customers: Facts;
  /** [brand, customerKey] -> [orders, totalMicro], for callers scoped to brands */
  customerBrands: Facts;
  /** The order's placedAt, for the customer's first/last order (only ever grows the set). */
  placedAt: string | null;
}

export const SUMMARY_TABLES = [
  'throughput',
  'durations',
  'punctuality',
  'statusCounts',
  'processing',
  'customers',
  'customerBrands',
] as const;
export type SummaryTable = (typeof SUMMARY_TABLES)[number];

const QUARTER_HOUR = 900_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const TERMINAL_COUNTED = { PICKED_UP: 1, REJECTED: 2, CANCELLED: 3 } as Record<string, number>;
/** The reason of an item taken off its order: out of the customer's lifetime total. */
const REMOVED = 'removed';

const bucketOf = (ms: number, size: number) => new Date(Math.floor(ms / size) * size).toISOString();

export function emptyContribution(): Contribution {
  return {
    throughput: {},
    durations: {},
    punctuality: {},
    statusCounts: {},
    processing: {},
    customers: {},
    customerBrands: {},
    placedAt: null,
  };
}

function add(facts: Facts, key: unknown[], values: bigint[]): void {
  const k = JSON.stringify(key);
  const row = (facts[k] ??= values.map(() => 0n));
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
  // Quarter hours make every zone's local hours and days exact (utc-runs.ts); hours and days keep reads short.
  const bucketed = (ms: number, rest: unknown[], values: bigint[], facts: Facts) => {
    add(facts, ['q', bucketOf(ms, QUARTER_HOUR), brand, ...rest], values);
    add(facts, ['h', bucketOf(ms, HOUR), brand, ...rest], values);
    add(facts, ['d', bucketOf(ms, DAY), brand, ...rest], values);
  };
  const duration = (scope: string, status: string, since: number, at: number) =>
    bucketed(at, [scope, status], [BigInt(at - since), 1n], c.durations);

  let status: string = 'PLACED';
  let since = placedMs;
  // The promise as it stands at each event: READY is judged against the one in force then.
  let promised = order.promisedReadyAt ? Date.parse(order.promisedReadyAt) : null;
  // The order's lines as they stand: its total follows quantity changes and removals (CONTRACT section 8).
  const lines = new Map(order.items.map((i) => [i.plu, { quantity: i.quantity, unitPrice: i.unitPrice, live: true }]));
  const items = new Map(order.items.map((i) => [i.plu, { status: 'QUEUED' as string, since: placedMs }]));
  bucketed(placedMs, [], [1n, 0n, 0n, 0n], c.throughput);

  for (const e of prefix.slice(1)) {
    if (e.type === 'order.status_changed') {
      const d = e.data as OrderEventMap['order.status_changed'];
      const at = Date.parse(d.at);
      duration('order', status, since, at);
      [status, since] = [d.to, at];
      const slot = TERMINAL_COUNTED[d.to];
      if (slot)
        bucketed(
          at,
          [],
          [0n, 0n, 0n, 0n].map((_, i) => (i === slot ? 1n : 0n)),
          c.throughput,
        );
      if (d.to === 'PICKED_UP') add(c.processing, [brand], [1n, BigInt(at - placedMs)]);
      if (d.to === 'READY' && promised !== null) bucketed(at, [], punctualityOf(at, promised), c.punctuality);
    } else if (e.type === 'order.promised_time_changed') {
      promised = Date.parse((e.data as OrderEventMap['order.promised_time_changed']).promisedReadyAt);
    } else if (e.type === 'order.items_added') {
      const d = e.data as OrderEventMap['order.items_added'];
      const at = Date.parse(e.time);
      for (const item of d.items) {
        // The same plu adds to the quantity of the line already there: its QUEUED time runs on.
        if (!items.has(item.plu)) items.set(item.plu, { status: 'QUEUED', since: at });
        const line = lines.get(item.plu);
        if (line) line.quantity += item.quantity;
        else lines.set(item.plu, { quantity: item.quantity, unitPrice: item.unitPrice, live: true });
      }
    } else if (e.type === 'order.item_quantity_changed') {
      const d = e.data as OrderEventMap['order.item_quantity_changed'];
      const line = lines.get(d.plu);
      if (line && d.to > 0) line.quantity = d.to;
      else if (line) line.live = false;
    } else if (e.type === 'order.item_status_changed') {
      const d = e.data as OrderEventMap['order.item_status_changed'];
      const at = Date.parse(d.at);
      const item = items.get(d.plu);
      if (item) duration('item', item.status, item.since, at);
      items.set(d.plu, { status: d.to, since: at });
      const line = lines.get(d.plu);
      if (line && d.reason === REMOVED) line.live = false;
    }
  }
  const amount = [...lines.values()].reduce((sum, line) => (line.live ? sum + lineMicro(line) : sum), 0n);
  add(c.statusCounts, [brand, status], [1n]);
  const customer = customerKeyOf(order.customer ?? {});
  if (customer) {
    add(c.customers, [customer], [1n, amount]);
    add(c.customerBrands, [brand, customer], [1n, amount]);
  }
  c.placedAt = new Date(placedMs).toISOString();
  return c;
}

/** [ready, onTime, late, latenessMs] of one order entering READY at `at` against a promise. */
function punctualityOf(at: number, promised: number): bigint[] {
  return at <= promised ? [1n, 1n, 0n, 0n] : [1n, 0n, 1n, BigInt(at - promised)];
}

/** new - old, row by row; rows whose every counter is unchanged are left out. */
export function deltaOf(next: Facts, prev: Facts): Facts {
  const out: Facts = {};
  for (const key of new Set([...Object.keys(next), ...Object.keys(prev)])) {
    const n = next[key];
    const p = prev[key];
    const width = (n ?? p).length;
    const d = Array.from({ length: width }, (_, i) => (n?.[i] ?? 0n) - (p?.[i] ?? 0n));
    if (d.some((v) => v !== 0n)) out[key] = d;
  }
  return out;
}

/** A contribution as stored in `order_state.contribution`: counters as decimal strings. */
export const serializeContribution = (c: Contribution): string =>
  JSON.stringify(c, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Reads a stored contribution back; counters stored as JSON numbers (older rows) are read as well. */
export function parseContribution(stored: unknown): Contribution {
  const c = emptyContribution();
  if (!stored || typeof stored !== 'object') return c;
  const raw = stored as Record<string, unknown>;
  for (const table of SUMMARY_TABLES) {
    const facts = (raw[table] ?? {}) as Record<string, (string | number)[]>;
    for (const [key, values] of Object.entries(facts)) c[table][key] = values.map((v) => BigInt(v));
  }
  c.placedAt = typeof raw.placedAt === 'string' ? raw.placedAt : null;
  return c;
}
