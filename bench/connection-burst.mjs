#!/usr/bin/env node
// A burst of simultaneous connections on a running gateway (npm start), loopback only: each of
// --connections clients opens its own TCP connection at the same moment and sends one request.
// Reports answers by status, connection errors by code (ECONNRESET: the listen backlog overflowed),
// Retry-After on 503s, and latency percentiles. Figures, not assertions.
//   node bench/connection-burst.mjs [--connections 2000] [--path /v1/orders?limit=1] [--role staff] [--url http://127.0.0.1:3000]
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '2000' },
    path: { type: 'string', default: '/v1/orders?limit=1' },
    role: { type: 'string', default: 'staff' },
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
const url = new URL(values.url);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) throw new Error('loopback targets only');

const env = existsSync('.env') ? readFileSync('.env', 'utf8') : '';
const keys = Object.fromEntries(
  (process.env.API_KEYS ?? /API_KEYS=(.*)/.exec(env)?.[1] ?? '').split(',').map((p) => p.split(':')),
);
const key = keys[values.role] ?? keys.admin;

const one = () =>
  new Promise((resolve) => {
    const started = performance.now();
    const req = http.get(
      {
        host: url.hostname,
        port: url.port,
        path: values.path,
        agent: false,
        headers: key ? { authorization: `Bearer ${key}` } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'], ms: performance.now() - started }),
        );
      },
    );
    req.on('error', (error) => resolve({ error: error.code ?? error.message, ms: performance.now() - started }));
  });

const n = Number(values.connections);
const started = performance.now();
const results = await Promise.all(Array.from({ length: n }, one));
const tookMs = performance.now() - started;

const count = (pick) =>
  results.reduce((m, r) => (pick(r) === undefined ? m : m.set(pick(r), (m.get(pick(r)) ?? 0) + 1)), new Map());
const ms = results
  .filter((r) => r.status)
  .map((r) => r.ms)
  .sort((a, b) => a - b);
const pct = (p) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))].toFixed(0) : '-');
console.log(`${n} simultaneous connections to ${url.origin}${values.path}, all settled in ${tookMs.toFixed(0)} ms`);
console.log('answers by status:', Object.fromEntries(count((r) => r.status)));
console.log('connection errors:', Object.fromEntries(count((r) => r.error)));
console.log('503s with Retry-After:', results.filter((r) => r.status === 503 && r.retryAfter).length);
console.log(`latency ms: p50 ${pct(50)}, p90 ${pct(90)}, p99 ${pct(99)}, max ${pct(100)}`);
