#!/usr/bin/env node
// npm run seed -- [--orders N] [--days D] [--concurrency C] [--seed S] [--url http://localhost:3000]
// Fills a running stack with plausible orders through the public API (see seed-orders.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { seedAvailability, seedOrders } from './seed-orders.mjs';

const envFile = new URL('../.env', import.meta.url).pathname;
if (existsSync(envFile)) {
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    days: { type: 'string', default: '7' },
    concurrency: { type: 'string', default: '16' },
    seed: { type: 'string', default: 'demo' },
    url: { type: 'string', default: `http://localhost:${process.env.PORT || 3000}` },
  },
});
const int = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer of at least ${min}, got "${values[name]}"`);
  return n;
};
function fail(message) {
  console.error(message);
  process.exit(2);
}

// Backfilling placedAt and at needs an internal or admin key.
const keys = Object.fromEntries((process.env.API_KEYS ?? '').split(',').map((pair) => pair.trim().split(':')));
const key = keys.internal ?? keys.admin;
if (!key) fail('No internal or admin key in API_KEYS (environment or .env). Run `npm start` once to make .env.');

const options = {
  baseUrl: values.url.replace(/\/$/, ''),
  key,
  orders: int('orders', 1),
  days: int('days', 1),
  concurrency: int('concurrency', 1),
  seed: values.seed,
};
console.log(
  `Seeding ${options.orders} orders over ${options.days} days into ${options.baseUrl} (seed "${options.seed}", ${options.concurrency} at a time)`,
);
const bar = new cliProgress.SingleBar(
  { format: ' {bar} {percentage}% | {value}/{total} orders | {transitions} changes | {failures} failed | ETA {eta_formatted}' },
  cliProgress.Presets.shades_classic,
);
bar.start(options.orders, 0, { transitions: 0, failures: 0 });
const summary = await seedOrders({
  ...options,
  onProgress: (s) => bar.update(s.created + s.existing + s.failures, { transitions: s.transitions, failures: s.failures }),
});
bar.stop();

console.log(
  `Created ${summary.created} orders (${summary.existing} already there), ${summary.transitions} status changes, ` +
    `${summary.failures} failures in ${(summary.elapsedMs / 1000).toFixed(1)} s (${summary.ordersPerSecond} orders/s).`,
);
for (const error of summary.errors) console.error(`  ${error}`);

const staffKey = keys.staff ?? keys.admin;
if (staffKey) {
  const states = await seedAvailability({ baseUrl: options.baseUrl, key: staffKey }).catch((error) => {
    console.error(`Brand availability not set: ${error.message}`);
    return [];
  });
  for (const state of states) console.log(`  ${state}`);
} else console.log('No staff or admin key in API_KEYS: brand availability left as it was.');
process.exit(summary.failures ? 1 : 0);
