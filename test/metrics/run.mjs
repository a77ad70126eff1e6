#!/usr/bin/env node
// `npm run check:metrics`: what Prometheus would scrape, read by Prometheus's own linter. Builds,
// starts the three services from dist/ as separate processes (each with its own registry, as in
// production) on a database and vhost of its own, sends one order through its life so that the
// labelled series exist, then pipes each service's /metrics through `promtool check metrics`, and
// checks that each exposes, with its idle value, every series deploy/prometheus/alerts.yml reads.
// Exits 1 if promtool reports anything for any service, or a series is missing or off.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServices } from '../support/processes.mjs';

const root = new URL('../..', import.meta.url).pathname;
const promtool = `${root}.tools/bin/promtool`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const KEYS = { channel: 'metrics-check-channel', staff: 'metrics-check-staff', analyst: 'metrics-check-analyst' };

// What the alert rules read, and its value once the order has gone through and everything is drained.
const IDLE = {
  service_ready: 1,
  outbox_oldest_age_seconds: 0,
  'messaging_dead_letter_messages{queue="orders.commands.dlq"}': 0,
  'messaging_dead_letter_messages{queue="analytics.events.dlq"}': 0,
  analytics_lag_seconds: 0,
  analytics_pending_events: 0,
};
const SERVICES = [
  {
    name: 'orders',
    alertInputs: ['service_ready', 'outbox_oldest_age_seconds', 'messaging_dead_letter_messages{queue="orders.commands.dlq"}'],
  },
  {
    name: 'analytics',
    alertInputs: [
      'service_ready',
      'analytics_lag_seconds',
      'analytics_pending_events',
      'messaging_dead_letter_messages{queue="analytics.events.dlq"}',
    ],
  },
  { name: 'api-gateway', alertInputs: ['service_ready'] },
];

/** Differences between the alert inputs a service exposes and their idle values. */
function offIdle(service, text) {
  const values = new Map(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]),
  );
  return service.alertInputs
    .filter((series) => values.get(series) !== IDLE[series])
    .map((series) => `${series} is ${values.get(series) ?? 'missing'}, expected ${IDLE[series]}`);
}

async function until(what, check, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet: ask again.
    }
    await sleep(250);
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s`);
}

/** One order created, accepted, refused an illegal move and counted by analytics: every labelled family gets a series. */
async function driveOneOrder(gateway) {
  const call = async (role, method, path, body) => {
    const res = await fetch(`${gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEYS[role]}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const created = await call('channel', 'POST', '/v1/orders', {
    channelOrderId: `metrics-${Date.now()}`,
    brandId: 'metrics-check-brand',
    customer: { name: 'Metrics Check' },
    items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
  });
  if (created.status !== 201 && created.status !== 202) throw new Error(`create answered ${created.status}`);
  const id = created.body.id;
  await until('the order stored', async () => (await call('staff', 'GET', `/v1/orders/${id}`)).status === 200);
  const accepted = await call('staff', 'PATCH', `/v1/orders/${id}/status`, { status: 'ACCEPTED' });
  if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}`);
  const refused = await call('staff', 'PATCH', `/v1/orders/${id}/status`, { status: 'PICKED_UP' });
  if (refused.status !== 409) throw new Error(`an illegal move answered ${refused.status}`);
  await until('analytics counting the order', async () => {
    const summary = await call('analyst', 'GET', '/v1/analytics/summary');
    return summary.body.ordersByStatus?.ACCEPTED === 1;
  });
}

function lint(text) {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { rc: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-changed'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const logDir = mkdtempSync(`${tmpdir()}/metrics-check-`);
let services;
let failed = false;
try {
  services = await startServices({ keys: KEYS, logDir, services: SERVICES.map((s) => s.name) });
  await driveOneOrder(services.gatewayUrl);

  for (const service of SERVICES) {
    const text = await (await fetch(`${services.urls[service.name]}/metrics`)).text();
    const { rc, output } = lint(text);
    const families = text.split('\n').filter((l) => l.startsWith('# TYPE ')).length;
    const off = offIdle(service, text);
    if (rc !== 0 || output || off.length) failed = true;
    console.log(
      `${service.name}: ${families} metric families, promtool check metrics rc ${rc}${output ? `\n${output}` : ''}; ` +
        (off.length ? `alert inputs off:\n  ${off.join('\n  ')}` : `alert inputs at idle: ${service.alertInputs.join(', ')}`),
    );
  }
} catch (error) {
  failed = true;
  // Start-up failures carry the service's last log lines.
  console.error(error.message);
} finally {
  await services?.stop();
}
console.log(
  failed ? 'promtool check metrics: FAILED' : `promtool check metrics: clean on ${SERVICES.map((s) => s.name).join(', ')}`,
);
process.exit(failed ? 1 : 0);
