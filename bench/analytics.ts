/**
 * Analytics benchmark: loads `--orders` orders (default 1,000,000; about 5.5 events each) straight
 * into a scratch database's event store with generate_series, rebuilds the summary tables, then
 * times every analytics query (median and p99) next to the same answer from plain SQL over the
 * raw events. Not part of `npm test`: `npm run bench:analytics -- --orders 100000`.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createAnalyticsDataSource } from '../apps/analytics/src/persistence/analytics-data-source.js';
import { AnalyticsReader } from '../apps/analytics/src/persistence/analytics-reader.js';
import { PunctualityService } from '../apps/analytics/src/queries/punctuality/punctuality.service.js';
import { GetCustomerService } from '../apps/analytics/src/queries/get-customer/get-customer.service.js';
import { StatusDurationsService } from '../apps/analytics/src/queries/status-durations/status-durations.service.js';
import { SummaryService } from '../apps/analytics/src/queries/summary/summary.service.js';
import { ThroughputService } from '../apps/analytics/src/queries/throughput/throughput.service.js';
import { TopCustomersService } from '../apps/analytics/src/queries/top-customers/top-customers.service.js';
import { RebuildService } from '../apps/analytics/src/rebuild/rebuild.service.js';
import { runMigrations } from '#persistence';
import { measureExport } from './lib/orders-export.js';
import { postgresCpuDuring } from './lib/pg-cpu.js';
import { RAW } from './raw-queries.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ORDERS = arg('orders', 1_000_000);
const RUNS = arg('runs', 200);
const RAW_RUNS = arg('raw-runs', 3);
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** `--database NAME`: a scratch database of another name, so two runs on one server do not drop each other's. */
const DB = (() => {
  const i = process.argv.indexOf('--database');
  const name = i > 0 ? process.argv[i + 1] : 'oms_bench_analytics';
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--database ${name}: lower-case letters, digits and _ only`);
  return name;
})();
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);
/** Orders spread evenly over a year. */
const SPAN_MS = 365 * DAY;

async function admin(text: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * One statement generates every event: 80% of orders go all the way to PICKED_UP (with the READY
 * cascade of their item), 10% are REJECTED and 10% CANCELLED after ACCEPTED (each with the item's
 * cancellation). Steps are 1 to ~41 minutes apart, times in whole milliseconds.
 */
const LOAD = `
  WITH o AS (
    SELECT g, md5('o' || g)::uuid::text AS id, 'brand-' || (g % 20) AS brand,
      CASE WHEN g % 7 = 0 THEN NULL ELSE 'cust-' || (g % 200000) END AS cust,
      '+35840' || (g % 50000) AS phone,
      1 + g % 3 AS qty, (ARRAY[12.5, 9.99, 0.1, 7.25])[1 + g % 4] AS price,
      CASE WHEN g % 10 = 0 THEN 'R' WHEN g % 10 = 1 THEN 'C' ELSE 'P' END AS path,
      timestamptz '2025-01-01 00:00:00Z' + make_interval(secs => floor(($2::float8 / 1000) * g / $1) + (g % 997) / 1000.0) AS t0,
      make_interval(secs => 60 + (g * 7919) % 2400 + (g % 13) / 1000.0) AS d
    FROM generate_series(1::bigint, $1::bigint) g),
  steps AS (
    SELECT o.*, s.seq, s.kind, s.to_status, s.item_from, o.t0 + o.d * s.k AS at
    FROM o CROSS JOIN LATERAL (VALUES
      (1, 'created', NULL, NULL, 0, 'RPC'),
      (2, 'status', 'ACCEPTED', NULL, 1, 'PC'),
      (2, 'status', 'REJECTED', NULL, 1, 'R'),
      (3, 'item', 'CANCELLED', 'QUEUED', 1, 'R'),
      (3, 'status', 'CANCELLED', NULL, 2, 'C'),
      (4, 'item', 'CANCELLED', 'QUEUED', 2, 'C'),
      (3, 'status', 'PREPARING', NULL, 2, 'P'),
      (4, 'status', 'READY', NULL, 3, 'P'),
      (5, 'item', 'READY', 'QUEUED', 3, 'P'),
      (6, 'status', 'PICKED_UP', NULL, 4, 'P')
    ) AS s(seq, kind, to_status, item_from, k, paths)
    WHERE strpos(s.paths, o.path) > 0)
  INSERT INTO analytics.order_events (event_id, order_id, sequence, type, time, data)
  SELECT md5(id || ':' || seq)::uuid::text, id, seq,
    CASE kind WHEN 'created' THEN 'order.created' WHEN 'status' THEN 'order.status_changed' ELSE 'order.item_status_changed' END,
    at,
    CASE kind
      WHEN 'created' THEN jsonb_build_object('id', id, 'brandId', brand, 'status', 'PLACED', 'version', 1,
        'customer', jsonb_build_object('id', cust, 'name', 'Bench', 'phoneNumber', phone),
        'items', jsonb_build_array(jsonb_build_object('plu', 'P-1', 'name', 'Burger', 'quantity', qty, 'unitPrice', price, 'status', 'QUEUED')),
        'placedAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      WHEN 'status' THEN jsonb_build_object('orderId', id, 'brandId', brand, 'customerId', coalesce(cust, phone),
        'from', CASE to_status WHEN 'ACCEPTED' THEN 'PLACED' WHEN 'REJECTED' THEN 'PLACED' WHEN 'CANCELLED' THEN 'ACCEPTED'
                 WHEN 'PREPARING' THEN 'ACCEPTED' WHEN 'READY' THEN 'PREPARING' ELSE 'READY' END,
        'to', to_status, 'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'reason', NULL)
      ELSE jsonb_build_object('orderId', id, 'plu', 'P-1', 'from', item_from, 'to', to_status,
        'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    END
  FROM steps`;

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p99: at(0.99) };
}

async function time<T>(runs: number, fn: () => Promise<T>): Promise<{ median: number; p99: number; result: T }> {
  let result!: T;
  const ms: number[] = [];
  if (runs > 5) await fn(); // warm-up: plans and pages cached, as for a service that has been running
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    ms.push(performance.now() - t);
  }
  return { ...stats(ms), result };
}

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(Number(v).toFixed(3)));

/** `--reuse`: a database kept by an earlier run (`--keep`) with events of as many orders is used as it is. */
async function reusable(url: string): Promise<boolean> {
  if (!process.argv.includes('--reuse')) return false;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query(`SELECT count(DISTINCT order_id)::int AS n FROM analytics.order_events`);
    return rows[0].n === ORDERS;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

async function main() {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB}`;
  const reuse = await reusable(url.toString());
  if (!reuse) {
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DB}`);
  }
  const ds = createAnalyticsDataSource(url.toString());
  await ds.initialize();
  await runMigrations(ds);
  let t = Date.now();
  if (!reuse) {
    await ds.query(LOAD, [ORDERS, SPAN_MS]);
    await ds.query('ANALYZE analytics.order_events');
  }
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM analytics.order_events');
  console.log(`${reuse ? 'reused' : 'loaded'} ${ORDERS} orders, ${n} events in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  // `--no-rebuild` with `--reuse`: the tables as an earlier run rebuilt them, for the queries and the export alone.
  const { result: rebuilt, cpuMs } = await postgresCpuDuring(DB, () =>
    reuse && process.argv.includes('--no-rebuild')
      ? Promise.resolve({ orders: ORDERS, events: n as number, tookMs: 0 })
      : new RebuildService(ds).execute(),
  );
  const seconds = (Date.now() - t) / 1000;
  await ds.query('ANALYZE');
  if (rebuilt.tookMs > 0)
    console.log(
      `rebuild: ${rebuilt.orders} orders, ${rebuilt.events} events in ${seconds.toFixed(1)} s: ` +
        `${Math.round(rebuilt.events / seconds)} events/s; PostgreSQL CPU ${(cpuMs / 1000).toFixed(1)} s: ` +
        `${Math.round(rebuilt.events / (cpuMs / 1000))} events per CPU second (load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
    );

  const iso = (ms: number) => new Date(ms).toISOString();
  const hourFrom = BASE + 100 * DAY;
  const hourTo = hourFrom + 744 * HOUR;
  const reader = new AnalyticsReader({ databaseUrl: url.toString() });
  const summary = new SummaryService(reader);
  const throughput = new ThroughputService(reader);
  const durations = new StatusDurationsService(reader);
  const top = new TopCustomersService(reader);
  const one = new GetCustomerService(reader);

  const cases: { name: string; fast: () => Promise<unknown>; raw: () => Promise<unknown>; same: (a: any, b: any) => boolean }[] =
    [
      {
        name: 'summary',
        fast: () => summary.execute({}),
        raw: () => ds.query(RAW.summary),
        same: (a, [b]) =>
          Object.entries(b.by_status as Record<string, number>).every(([s, n]) => a.ordersByStatus[s] === Number(n)) &&
          round(a.averageProcessingSeconds) === round(b.avg_seconds),
      },
      {
        name: 'throughput, 744 hours',
        fast: () => throughput.execute({ from: iso(hourFrom), to: iso(hourTo), granularity: 'hour' }),
        raw: () => ds.query(RAW.throughputHour, [iso(hourFrom), iso(hourTo)]),
        same: (a, b: any[]) => {
          const raw = new Map(b.map((r) => [new Date(r.b).getTime(), r]));
          return a.buckets.every((x: any) => {
            const r = raw.get(Date.parse(x.start));
            return (
              x.placed === Number(r?.placed ?? 0) &&
              x.pickedUp === Number(r?.picked_up ?? 0) &&
              x.cancelled === Number(r?.cancelled ?? 0)
            );
          });
        },
      },
      {
        name: 'status durations (order), 1 year',
        fast: () => durations.execute({ from: iso(BASE), to: iso(BASE + 366 * DAY), scope: 'order' }),
        raw: () => ds.query(RAW.orderDurations, [iso(BASE), iso(BASE + 366 * DAY)]),
        same: (a, b: any[]) =>
          b.every((r) => {
            const s = a.statuses.find((x: any) => x.status === r.status);
            return s && s.count === Number(r.count) && round(s.averageSeconds) === round(r.avg_seconds);
          }),
      },
      {
        name: 'top 100 customers',
        fast: () => top.execute({ limit: 100 }),
        raw: () => ds.query(RAW.topCustomers, [100]),
        same: (a, b: any[]) =>
          a.items.every(
            (x: any, i: number) =>
              x.customerId === b[i].key && x.orders === Number(b[i].orders) && round(x.totalAmount) === round(b[i].total),
          ),
      },
      {
        name: 'one customer',
        fast: () => one.execute({ customerId: 'cust-43' }),
        raw: () => ds.query(RAW.customer, ['cust-43']),
        same: (a, [b]) =>
          a.orders === Number(b.orders) &&
          round(a.totalAmount) === round(b.total) &&
          a.firstOrderAt === new Date(b.first).toISOString(),
      },
    ];

  const rows = [];
  for (const c of cases) {
    const fast = await time(RUNS, c.fast);
    // `--raw-runs 0`: no comparison with plain SQL (minutes at a million orders).
    const raw = RAW_RUNS > 0 ? await time(RAW_RUNS, c.raw) : undefined;
    rows.push({
      query: c.name,
      'median ms': fast.median.toFixed(2),
      'p99 ms': fast.p99.toFixed(2),
      'raw median ms': raw ? raw.median.toFixed(0) : '-',
      'speed-up (median)': raw ? `${Math.round(raw.median / fast.median)}x` : '-',
      'same answer': raw ? (c.same(fast.result, raw.result) ? 'yes' : 'NO') : '-',
    });
  }
  console.table(rows);
  console.table(await perZone(reader));
  await reader.onApplicationShutdown();
  await ds.destroy();
  if (!process.argv.includes('--keep')) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  if (!process.argv.includes('--no-export')) {
    const e = await measureExport(ORDERS, process.argv.includes('--keep'));
    const mb = (v: number) => v.toFixed(0);
    console.log(
      `export: ${e.rows} rows in ${e.seconds.toFixed(1)} s: ${Math.round(e.rows / e.seconds)} rows/s; resident MB before / peak / end: ` +
        `gateway ${mb(e.gateway.before)} / ${mb(e.gateway.peak)} / ${mb(e.gateway.end)}, ` +
        `orders ${mb(e.orders.before)} / ${mb(e.orders.peak)} / ${mb(e.orders.end)} (load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
    );
  }
}

const ZONES = ['UTC', 'Europe/Helsinki', 'Asia/Kolkata', 'Asia/Kathmandu'];

/** A local date's midnight in `tz`, as a UTC instant: a boundary of every granularity. */
const localMidnight = (date: string, tz: string) => Temporal.PlainDate.from(date).toZonedDateTime(tz).toInstant().toString();

/**
 * p99 of each local-time route in each zone: 744 local hours (31 days in spring), a year of local
 * days, twelve local months, and a year of order status durations.
 */
async function perZone(reader: AnalyticsReader) {
  const throughput = new ThroughputService(reader);
  const punctuality = new PunctualityService(reader);
  const durations = new StatusDurationsService(reader);
  const rows = [];
  for (const tz of ZONES) {
    const [april, may, year, next] = ['2025-04-01', '2025-05-02', '2025-01-01', '2026-01-01'].map((d) => localMidnight(d, tz));
    const cases: [string, () => Promise<unknown>][] = [
      ['throughput, 744 hours', () => throughput.execute({ from: april, to: may, granularity: 'hour', tz })],
      ['throughput, 365 days', () => throughput.execute({ from: year, to: next, granularity: 'day', tz })],
      ['throughput, 12 months', () => throughput.execute({ from: year, to: next, granularity: 'month', tz })],
      ['punctuality, 744 hours', () => punctuality.execute({ from: april, to: may, granularity: 'hour', tz })],
      ['status durations, 1 year', () => durations.execute({ from: year, to: next, scope: 'order', tz })],
    ];
    for (const [name, run] of cases) {
      const { median, p99 } = await time(RUNS, run);
      rows.push({ zone: tz, query: name, 'median ms': median.toFixed(2), 'p99 ms': p99.toFixed(2) });
    }
  }
  return rows;
}

await main();
