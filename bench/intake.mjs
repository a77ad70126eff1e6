#!/usr/bin/env node
// Load on a running stack (npm start): order intake (POST /v1/orders), status changes and reads,
// many requests in flight, loopback only. Reports throughput and latency percentiles per scenario.
//   node bench/intake.mjs [--seconds 15] [--connections 64] [--url http://127.0.0.1:3000]
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
const url = new URL(values.url);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) throw new Error('loopback targets only');

const env = existsSync('.env') ? readFileSync('.env', 'utf8') : '';
const keys = Object.fromEntries(
  (process.env.API_KEYS ?? /API_KEYS=(.*)/.exec(env)?.[1] ?? '').split(',').map((p) => p.split(':')),
);
const auth = (role) => ({ authorization: `Bearer ${keys[role] ?? keys.admin}`, 'content-type': 'application/json' });
const run = (title, opts) =>
  new Promise((resolve, reject) =>
    autocannon(
      { url: url.origin, duration: Number(values.seconds), connections: Number(values.connections), title, ...opts },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );

const body = () =>
  JSON.stringify({
    channelOrderId: `bench-${randomUUID()}`,
    brandId: 'bench-brand',
    customer: { id: `c-${Math.floor(Math.random() * 1000)}`, name: 'Bench' },
    items: [{ plu: 'P-1', name: 'Burger', quantity: 2, unitPrice: 9.5 }],
  });

const created = [];
const rows = [];
const report = (name, r) =>
  rows.push({
    scenario: name,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    '2xx': r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  });

report(
  'POST /v1/orders',
  await run('create', {
    method: 'POST',
    headers: auth('channel'),
    requests: [
      {
        path: '/v1/orders',
        setupRequest: (req) => ({ ...req, body: body() }),
        onResponse: (s, b) => s < 300 && created.push(JSON.parse(b).id),
      },
    ],
  }),
);
let i = 0;
report(
  'PATCH status (ACCEPTED; repeats get 409)',
  await run('accept', {
    method: 'PATCH',
    headers: auth('staff'),
    body: JSON.stringify({ status: 'ACCEPTED' }),
    requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/orders/${created[i++ % created.length]}/status` }) }],
  }),
);
report(
  'GET /v1/orders/{id}',
  await run('get', {
    headers: auth('staff'),
    requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/orders/${created[i++ % created.length]}` }) }],
  }),
);
console.table(rows);
console.log(`${created.length} orders created; ${values.connections} connections, ${values.seconds} s per scenario`);
