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

function add(facts: Facts, key: string, values: bigint[]): void {
  const row = (facts[key] ??= values.map(() => 0n));
  values.forEach((v, i) => (row[i] += v));
}

/** Receives the rows an order's events add (or, negated, take back), keyed like `Facts`. */
export type Emit = (table: SummaryTable, key: string, values: bigint[]) => void;

/**
 * What an order's events so far leave for the next one to build on: its status and since when, the
 * promise in force, its lines and its items' statuses. Folding the next events onto it emits exactly
 * the rows `contributionOf` would add for them, so each event costs its own rows, not the order's.
 */
export interface OrderFold {
  brand: string;
  placedMs: number;
  customer: string | null;
  status: string;
  since: number;
  promisedMs: number | null;
  lines: Map<string, { quantity: number; unitPrice: number | null | undefined; live: boolean }>;
  items: Map<string, { status: string; since: number }>;
}

/** Events 1..n with no gap: a later event contributes nothing until every earlier one is stored. */
export function contiguousPrefix(events: StoredEvent[]): StoredEvent[] {
  return contiguousAfter(0, events);
}

/** The events that continue sequences 1..`applied` without a gap, one per sequence, in order. */
export function contiguousAfter(applied: number, events: StoredEvent[]): StoredEvent[] {
  const sorted = [...events].sort((a, b) => a.sequence - b.sequence);
  const next: StoredEvent[] = [];
  for (const e of sorted) {
    if (e.sequence <= applied + next.length) continue; // a second event with a sequence already taken
    if (e.sequence !== applied + next.length + 1) break;
    next.push(e);
  }
  return next;
}

/** The contribution of an order whose contiguous events (from sequence 1, `order.created`) are `prefix`. */
export function contributionOf(prefix: StoredEvent[]): Contribution {
  return contributionAndFold(prefix).contribution;
}

/** The contribution of `prefix` (as `contributionOf`), and the fold it leaves for the next events. */
export function contributionAndFold(prefix: StoredEvent[]): { contribution: Contribution; fold: OrderFold | null } {
  const contribution = emptyContribution();
  const fold = foldOrder(null, prefix, (table, key, values) => add(contribution[table], key, values));
  contribution.placedAt = placedAtOf(fold);
  return { contribution, fold };
}

/** The order's placedAt, for the customer's first/last order (only ever grows the set). */
export const placedAtOf = (fold: OrderFold | null): string | null => fold && new Date(fold.placedMs).toISOString();

/**
 * Folds the next contiguous events of an order onto what its earlier ones left (null: none, or
 * none that started with `order.created`) and emits the rows they change: what each event adds,
 * and the order's standing rows (status count, customer totals) taken back as they were and
 * added as they are now.
 */
export function foldOrder(fold: OrderFold | null, events: StoredEvent[], emit: Emit): OrderFold | null {
  if (events.length === 0) return fold;
  if (fold) standingRows(fold, -1n, emit);
  for (const e of events) {
    if (fold) foldEvent(fold, e, emit);
    else if (e.sequence === 1 && e.type === 'order.created') fold = placed(e, emit);
  }
  if (fold) standingRows(fold, 1n, emit);
  return fold;
}

/** Quarter hours make every zone's local hours and days exact (utc-runs.ts); hours and days keep reads short. */
function bucketed(emit: Emit, table: SummaryTable, ms: number, brand: string, rest: unknown[], values: bigint[]) {
  emit(table, JSON.stringify(['q', bucketOf(ms, QUARTER_HOUR), brand, ...rest]), values);
  emit(table, JSON.stringify(['h', bucketOf(ms, HOUR), brand, ...rest]), values);
  emit(table, JSON.stringify(['d', bucketOf(ms, DAY), brand, ...rest]), values);
}

function duration(emit: Emit, brand: string, scope: string, status: string, since: number, at: number) {
  bucketed(emit, 'durations', at, brand, [scope, status], [BigInt(at - since), 1n]);
}

function placed(created: StoredEvent, emit: Emit): OrderFold {
  const order = created.data as OrderEventMap['order.created'];
  const placedMs = Date.parse(order.placedAt);
  bucketed(emit, 'throughput', placedMs, order.brandId, [], [1n, 0n, 0n, 0n]);
  return {
    brand: order.brandId,
    placedMs,
    customer: customerKeyOf(order.customer ?? {}) || null,
    status: 'PLACED',
    since: placedMs,
    // The promise as it stands at each event: READY is judged against the one in force then.
    promisedMs: order.promisedReadyAt ? Date.parse(order.promisedReadyAt) : null,
    // The order's lines as they stand: its total follows quantity changes and removals (CONTRACT section 8).
    lines: new Map(order.items.map((i) => [i.plu, { quantity: i.quantity, unitPrice: i.unitPrice, live: true }])),
    items: new Map(order.items.map((i) => [i.plu, { status: 'QUEUED', since: placedMs }])),
  };
}

function foldEvent(f: OrderFold, e: StoredEvent, emit: Emit): void {
  if (e.type === 'order.status_changed') {
    const d = e.data as OrderEventMap['order.status_changed'];
    const at = Date.parse(d.at);
    duration(emit, f.brand, 'order', f.status, f.since, at);
    [f.status, f.since] = [d.to, at];
    const slot = TERMINAL_COUNTED[d.to];
    if (slot) {
      const counts = [0n, 0n, 0n, 0n];
      counts[slot] = 1n;
      bucketed(emit, 'throughput', at, f.brand, [], counts);
    }
    if (d.to === 'PICKED_UP') emit('processing', JSON.stringify([f.brand]), [1n, BigInt(at - f.placedMs)]);
    if (d.to === 'READY' && f.promisedMs !== null)
      bucketed(emit, 'punctuality', at, f.brand, [], punctualityOf(at, f.promisedMs));
  } else if (e.type === 'order.promised_time_changed') {
    f.promisedMs = Date.parse((e.data as OrderEventMap['order.promised_time_changed']).promisedReadyAt);
  } else if (e.type === 'order.items_added') {
    const d = e.data as OrderEventMap['order.items_added'];
    const at = Date.parse(e.time);
    for (const item of d.items) {
      // The same plu adds to the quantity of the line already there: its QUEUED time runs on.
      if (!f.items.has(item.plu)) f.items.set(item.plu, { status: 'QUEUED', since: at });
      const line = f.lines.get(item.plu);
      if (line) line.quantity += item.quantity;
      else f.lines.set(item.plu, { quantity: item.quantity, unitPrice: item.unitPrice, live: true });
    }
  } else if (e.type === 'order.item_quantity_changed') {
    const d = e.data as OrderEventMap['order.item_quantity_changed'];
    const line = f.lines.get(d.plu);
    if (line && d.to > 0) line.quantity = d.to;
    else if (line) line.live = false;
  } else if (e.type === 'order.item_status_changed') {
    const d = e.data as OrderEventMap['order.item_status_changed'];
    const at = Date.parse(d.at);
    const item = f.items.get(d.plu);
    if (item) duration(emit, f.brand, 'item', item.status, item.since, at);
    f.items.set(d.plu, { status: d.to, since: at });
    const line = f.lines.get(d.plu);
    if (line && d.reason === REMOVED) line.live = false;
  }
}

/** The rows that hold what the order is now rather than what happened to it: its status, its customer's totals. */
function standingRows(f: OrderFold, sign: bigint, emit: Emit): void {
  emit('statusCounts', JSON.stringify([f.brand, f.status]), [sign]);
  if (!f.customer) return;
  let amount = 0n;
  for (const line of f.lines.values()) if (line.live) amount += lineMicro(line);
  emit('customers', JSON.stringify([f.customer]), [sign, sign * amount]);
  emit('customerBrands', JSON.stringify([f.brand, f.customer]), [sign, sign * amount]);
}

type StoredLine = [plu: string, quantity: number, unitPrice: number | null, live: 0 | 1];
type StoredItem = [plu: string, status: string, since: number];

/** A fold as stored in `order_state.contribution` (projection 4): plain JSON, lines and items as arrays. */
export interface StoredFold extends Omit<OrderFold, 'lines' | 'items'> {
  lines: StoredLine[];
  items: StoredItem[];
}

export function storedFold(f: OrderFold | null): StoredFold | null {
  if (!f) return null;
  return {
    brand: f.brand,
    placedMs: f.placedMs,
    customer: f.customer,
    status: f.status,
    since: f.since,
    promisedMs: f.promisedMs,
    lines: [...f.lines].map(([plu, l]): StoredLine => [plu, l.quantity, l.unitPrice ?? null, l.live ? 1 : 0]),
    items: [...f.items].map(([plu, i]): StoredItem => [plu, i.status, i.since]),
  };
}

export function foldOfStored(stored: unknown): OrderFold {
  const raw = stored as StoredFold;
  return {
    ...raw,
    lines: new Map(raw.lines.map(([plu, quantity, unitPrice, live]) => [plu, { quantity, unitPrice, live: live === 1 }])),
    items: new Map(raw.items.map(([plu, status, since]) => [plu, { status, since }])),
  };
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
