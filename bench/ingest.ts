/**
 * `npm run bench:ingest`: analytics' ingest alone, without the broker or the other services: the
 * events of `--orders` orders (the timelines the analytics tests hold figures against, about four
 * events each) applied through IngestBatchService on a scratch database, `--batch` events a
 * transaction, each batch mixing orders as a kitchen's stream does (every order's first event, then
 * every order's second, and so on). Prints the CPU of this Node process and of the database's
 * PostgreSQL backends per event, and wall time per event; the first fifth of the batches warms up
 * and is not counted. Both figures hold up on a machine other work shares, where a rate does not.
 * Reports, never fails.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import type { CloudEvent } from '#contracts';
import { openMigrated } from '#persistence';
import { IngestBatchService } from '../apps/analytics/src/ingest/ingest-batch.service.js';
import { createAnalyticsDataSource } from '../apps/analytics/src/persistence/analytics-data-source.js';
import { eventsOf } from '../test/analytics/support/event-script.js';
import { prng, timelineOf } from '../test/analytics/support/expected-figures.js';
import { DEFAULT_DATABASE_URL, stackEnvironment } from './lib/environment.js';
import { createDatabase, dropDatabase, newRunName } from './lib/isolation.js';
import { postgresCpuDuring } from './lib/pg-cpu.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '8' },
  },
});
const orders = Number(values.orders);
const batchSize = Number(values.batch);
if (!(orders > 0) || !(batchSize > 0)) throw new Error('--orders and --batch must be positive numbers');

/** Every order's n-th event before any order's (n+1)-th, cut into batches. */
function batchesOf(perOrder: CloudEvent[][], size: number): CloudEvent[][] {
  const stream: CloudEvent[] = [];
  const longest = Math.max(...perOrder.map((events) => events.length));
  for (let n = 0; n < longest; n++) for (const events of perOrder) if (events[n]) stream.push(events[n]);
  const batches: CloudEvent[][] = [];
  for (let i = 0; i < stream.length; i += size) batches.push(stream.slice(i, i + size));
  return batches;
}

Logger.overrideLogger(false);
const serverUrl = stackEnvironment().DATABASE_URL || DEFAULT_DATABASE_URL;
const name = newRunName();
console.log(`${name}: ${orders} orders in batches of ${batchSize} events; load average ${loadavg()[0].toFixed(1)}`);
const url = await createDatabase(serverUrl, name);
try {
  const dataSource = await openMigrated(createAnalyticsDataSource(url, 2));
  try {
    const ingest = new IngestBatchService(dataSource);
    const rand = prng(7);
    const base = Date.now() - 86_400_000;
    const batches = batchesOf(
      Array.from({ length: orders }, (_, i) => eventsOf(randomUUID(), timelineOf(i, base, 20 * 3_600_000, rand))),
      batchSize,
    );
    const warmUp = Math.floor(batches.length / 5);
    for (const batch of batches.slice(0, warmUp)) await ingest.execute(batch);
    const measured = batches.slice(warmUp);
    const events = measured.reduce((n, batch) => n + batch.length, 0);
    const nodeBefore = process.cpuUsage();
    const started = performance.now();
    const { cpuMs: postgresMs } = await postgresCpuDuring(name, async () => {
      for (const batch of measured) await ingest.execute(batch);
    });
    const wallMs = performance.now() - started;
    const node = process.cpuUsage(nodeBefore);
    const perEvent = (ms: number) => `${(ms / events).toFixed(4)} ms`;
    console.log(`${events} events in ${measured.length} batches`);
    console.log(`  CPU per event: Node (this process)      ${perEvent((node.user + node.system) / 1000)}`);
    console.log(`  CPU per event: PostgreSQL (its backends) ${perEvent(postgresMs)}`);
    console.log(`  wall time per event                      ${perEvent(wallMs)}`);
  } finally {
    await dataSource.destroy();
  }
} finally {
  await dropDatabase(serverUrl, name);
}
