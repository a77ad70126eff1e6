import { get } from 'node:http';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { newRunName } from './isolation.js';
import { startStack } from './stack.js';

/**
 * The export phase of `npm run bench:analytics`: a stack of its own (the three services from dist/,
 * as `npm start` runs them, on a database and vhost of the run), `orders` orders with a line and a
 * payment each written straight into its tables, then `GET /v1/orders/export` read to the end by a
 * client that keeps nothing, while the gateway's and the orders service's resident memory is sampled.
 */
export interface ExportFigures {
  rows: number;
  seconds: number;
  /** MB resident, sampled every 100 ms during the export: before its first byte, the highest, at its end. */
  gateway: { before: number; peak: number; end: number };
  orders: { before: number; peak: number; end: number };
}

const SEED = [
  `INSERT INTO orders.orders (id, channel_order_id, brand_id, customer, currency, status, placed_at, created_at, updated_at)
   SELECT md5('x' || n)::uuid, 'BENCH-' || n, 'brand-' || (n % 20), jsonb_build_object('id', 'cust-' || (n % 200000), 'name', 'Bench'),
     'EUR', 5, timestamptz '2025-01-01 00:00:00Z' + n * interval '31 seconds',
     timestamptz '2025-01-01 00:00:00Z' + n * interval '31 seconds', timestamptz '2025-01-01 00:00:00Z' + n * interval '31 seconds'
   FROM generate_series(1, $1::int) n`,
  `INSERT INTO orders.order_items (order_id, plu, line_no, name, quantity, unit_price, status, added_at)
   SELECT id, 'P-1', 1, 'Burger', 2, 7.25, 1, created_at FROM orders.orders WHERE channel_order_id LIKE 'BENCH-%'`,
  `INSERT INTO orders.payments (reference, order_id, line_no, amount)
   SELECT 'pay-' || id, id, 1, 14.5 FROM orders.orders WHERE channel_order_id LIKE 'BENCH-%'`,
  `ANALYZE orders.orders, orders.order_items, orders.payments`,
];

const rssMb = (pid: number | undefined): number => {
  if (pid === undefined) return 0;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? 0 : Number(kb) / 1024;
};

export async function measureExport(orders: number, keep: boolean): Promise<ExportFigures> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const stack = await startStack(newRunName(), keep, (cleanup) => cleanups.push(cleanup));
    const sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();
    cleanups.push(() => sql.end());
    const t = Date.now();
    for (const statement of SEED) await sql.query(statement, statement.includes('$1') ? [orders] : []);
    console.log(`export: ${orders} orders written into the orders tables in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const pids = stack.pids();
    const sample = () => ({ gateway: rssMb(pids.get('api-gateway')), orders: rssMb(pids.get('orders')) });
    const before = sample();
    const peak = { ...before };
    const sampler = setInterval(() => {
      const now = sample();
      peak.gateway = Math.max(peak.gateway, now.gateway);
      peak.orders = Math.max(peak.orders, now.orders);
    }, 100);
    const started = Date.now();
    const lines = await new Promise<number>((resolve, reject) => {
      const url = new URL('/v1/orders/export', stack.baseUrl);
      get(url, { headers: { Authorization: `Bearer ${stack.keys.analyst}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET /v1/orders/export answered ${res.statusCode}`));
        let count = 0;
        res.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) count++;
        });
        res.on('end', () => resolve(count));
        res.on('error', reject);
      }).on('error', reject);
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const end = sample();
    return {
      rows: lines - 1,
      seconds,
      gateway: { before: before.gateway, peak: peak.gateway, end: end.gateway },
      orders: { before: before.orders, peak: peak.orders, end: end.orders },
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: Error) => console.error(`clean-up: ${e.message}`));
  }
}
