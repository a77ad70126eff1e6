// The analytics figures recomputed from scratch out of the orders' own tables (CONTRACT section 5),
// sharing no code with the analytics service, and compared with what the analytics API answers.
import { both } from './check.mjs';
import { BRANDS } from './load.mjs';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ORDER_STATUSES = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP', 'REJECTED', 'CANCELLED'];
const ITEM_STATUSES = ['QUEUED', 'PREPARING', 'READY', 'CANCELLED'];
const DURATION_STATUSES = { order: ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'], item: ['QUEUED', 'PREPARING'] };
const floorTo = (ms, size) => Math.floor(ms / size) * size;

/** Plain facts per brand, from the orders schema and its archive. */
export async function recompute(db) {
  const { rows: orders } = await db.query(`
    SELECT o.id::text AS id, o.brand_id AS brand, o.customer_id AS customer, o.status, o.placed_at AS "placedAt",
           -- Moved only while ACCEPTED or PREPARING: once READY, the promise READY was judged by.
           o.promised_ready_at AS "promisedReadyAt",
           -- The order's total as it stands: its lines not removed (CONTRACT section 8), not the stored total.
           coalesce((SELECT round(sum(i.quantity * i.unit_price) * 10000) FROM ${both('order_items')} i
                      WHERE i.order_id = o.id AND NOT i.removed), 0)::bigint::text AS total
    FROM ${both('orders')} o`);
  const { rows: history } = await db.query(`
    SELECT order_id::text AS "orderId", plu, to_status AS status, at
    FROM ${both('status_history')} h ORDER BY order_id, id`);
  const byOrder = new Map(orders.map((o) => [o.id, { ...o, changes: [], items: new Map() }]));
  for (const h of history) {
    const order = byOrder.get(h.orderId);
    if (h.plu === null) order.changes.push({ status: ORDER_STATUSES[h.status - 1], at: h.at.getTime() });
    else {
      if (!order.items.has(h.plu)) order.items.set(h.plu, []);
      order.items.get(h.plu).push({ status: ITEM_STATUSES[h.status - 1], at: h.at.getTime() });
    }
  }

  const facts = { throughput: [], durations: [], punctuality: [], current: [], processing: [], customers: new Map() };
  for (const o of byOrder.values()) {
    const placedAt = o.placedAt.getTime();
    facts.throughput.push({ brand: o.brand, kind: 'placed', at: placedAt });
    facts.current.push({ brand: o.brand, status: ORDER_STATUSES[o.status - 1] });
    const timelines = [['order', o.changes], ...[...o.items.values()].map((t) => ['item', t])];
    for (const [scope, timeline] of timelines) {
      for (let i = 1; i < timeline.length; i++) {
        const [left, entered] = [timeline[i - 1], timeline[i]];
        facts.durations.push({ brand: o.brand, scope, status: left.status, at: entered.at, ms: entered.at - left.at });
      }
    }
    for (const c of o.changes) {
      const kind = { PICKED_UP: 'pickedUp', REJECTED: 'rejected', CANCELLED: 'cancelled' }[c.status];
      if (kind) facts.throughput.push({ brand: o.brand, kind, at: c.at });
      if (c.status === 'PICKED_UP') facts.processing.push({ brand: o.brand, ms: c.at - placedAt });
      if (c.status === 'READY' && o.promisedReadyAt)
        facts.punctuality.push({ brand: o.brand, at: c.at, lateMs: Math.max(0, c.at - o.promisedReadyAt.getTime()) });
    }
    if (o.customer) {
      const c = facts.customers.get(o.customer) ?? { orders: 0, first: Infinity, last: -Infinity, total: 0n };
      c.orders++;
      c.first = Math.min(c.first, placedAt);
      c.last = Math.max(c.last, placedAt);
      c.total += BigInt(o.total);
      facts.customers.set(o.customer, c);
    }
  }
  return facts;
}

const inBrand = (brand) => (f) => !brand || f.brand === brand;

function expectedSummary(facts, brand) {
  const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0]));
  for (const f of facts.current.filter(inBrand(brand))) ordersByStatus[f.status]++;
  const done = facts.processing.filter(inBrand(brand));
  return {
    ordersByStatus,
    completedOrders: ordersByStatus.PICKED_UP,
    averageProcessingSeconds: done.length ? done.reduce((s, f) => s + f.ms, 0) / done.length / 1000 : null,
  };
}

function expectedThroughput(facts, from, to, size, brand) {
  const buckets = new Map();
  for (let t = from; t < to; t += size) buckets.set(t, { placed: 0, pickedUp: 0, rejected: 0, cancelled: 0 });
  for (const f of facts.throughput.filter(inBrand(brand))) {
    const bucket = buckets.get(floorTo(f.at, size));
    if (bucket) bucket[f.kind]++;
  }
  return [...buckets].map(([t, counts]) => {
    const start = new Date(t).toISOString();
    return { start, localStart: start.replace('Z', '+00:00'), ...counts };
  });
}

function expectedPunctuality(facts, from, to, size, brand) {
  const buckets = new Map();
  for (let t = from; t < to; t += size) buckets.set(t, { ready: 0, onTime: 0, late: 0, latenessMs: 0 });
  for (const f of facts.punctuality.filter(inBrand(brand))) {
    const bucket = buckets.get(floorTo(f.at, size));
    if (!bucket) continue;
    bucket.ready++;
    if (f.lateMs > 0) [bucket.late, bucket.latenessMs] = [bucket.late + 1, bucket.latenessMs + f.lateMs];
    else bucket.onTime++;
  }
  return [...buckets].map(([t, { latenessMs, ...counts }]) => {
    const start = new Date(t).toISOString();
    const averageLatenessSeconds = counts.late ? latenessMs / counts.late / 1000 : null;
    return { start, localStart: start.replace('Z', '+00:00'), ...counts, averageLatenessSeconds };
  });
}

function expectedDurations(facts, from, to, scope, brand) {
  return DURATION_STATUSES[scope].map((status) => {
    const spans = facts.durations.filter(
      (f) => f.scope === scope && f.status === status && f.at >= from && f.at < to && inBrand(brand)(f),
    );
    const sum = spans.reduce((s, f) => s + f.ms, 0);
    return { status, count: spans.length, averageSeconds: spans.length ? sum / spans.length / 1000 : null };
  });
}

/** Counts every figure that differs between `expected` and `actual`, naming the first few. */
class Drift {
  compared = 0;
  count = 0;
  details = [];

  compare(path, expected, actual) {
    if (expected !== null && typeof expected === 'object') {
      const keys = new Set([...Object.keys(expected), ...Object.keys(actual ?? {})]);
      for (const key of keys) this.compare(`${path}.${key}`, expected[key], actual?.[key]);
      return;
    }
    this.compared++;
    const same =
      typeof expected === 'number' && typeof actual === 'number'
        ? Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected))
        : expected === actual;
    if (same) return;
    this.count++;
    if (this.details.length < 8) this.details.push(`${path}: expected ${expected}, got ${actual}`);
  }
}

/** Every analytics endpoint, for all brands and each brand, over the hours and days of the run. */
export async function compareAnalytics(facts, api, since) {
  const drift = new Drift();
  const hours = { from: floorTo(since, HOUR), to: floorTo(Date.now(), HOUR) + HOUR };
  const days = { from: floorTo(since, DAY), to: floorTo(Date.now(), DAY) + DAY };
  const iso = (ms) => new Date(ms).toISOString();
  for (const brand of [undefined, ...BRANDS]) {
    const b = brand ? `&brandId=${brand}` : '';
    const label = brand ?? 'all';
    drift.compare(`summary[${label}]`, expectedSummary(facts, brand), await api(`/v1/analytics/summary?${b}`));
    for (const [grain, range, size] of [
      ['hour', hours, HOUR],
      ['day', days, DAY],
    ]) {
      const got = await api(`/v1/analytics/throughput?granularity=${grain}&from=${iso(range.from)}&to=${iso(range.to)}${b}`);
      drift.compare(`throughput.${grain}[${label}]`, expectedThroughput(facts, range.from, range.to, size, brand), got.buckets);
      const punctual = await api(
        `/v1/analytics/punctuality?granularity=${grain}&from=${iso(range.from)}&to=${iso(range.to)}${b}`,
      );
      drift.compare(
        `punctuality.${grain}[${label}]`,
        expectedPunctuality(facts, range.from, range.to, size, brand),
        punctual.buckets,
      );
    }
    for (const scope of ['order', 'item']) {
      const got = await api(`/v1/analytics/status-durations?scope=${scope}&from=${iso(hours.from)}&to=${iso(hours.to)}${b}`);
      drift.compare(`durations.${scope}[${label}]`, expectedDurations(facts, hours.from, hours.to, scope, brand), got.statuses);
    }
  }
  const expectedCustomers = Object.fromEntries(
    [...facts.customers].map(([key, c]) => [
      key,
      {
        orders: c.orders,
        firstOrderAt: iso(c.first),
        lastOrderAt: iso(c.last),
        totalAmount: Number(c.total) / 10_000,
      },
    ]),
  );
  const { items } = await api('/v1/analytics/customers?limit=1000');
  const actualCustomers = Object.fromEntries(items.map(({ customerId, ...figures }) => [customerId, figures]));
  drift.compare('customers', expectedCustomers, actualCustomers);
  return drift;
}
