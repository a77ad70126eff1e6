import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RebuildOutcome } from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import { PROJECTION_VERSION } from '../projection/reproject.js';
import { rebuildProgress, rebuildRate, rebuildsByOutcome } from './rebuild.metrics.js';
import { STAGING } from './staging.js';
import { QUARTERS, SUMMARY_REBUILDS, type SummaryRebuild } from './summary-rebuilds.js';
import { createNext, indexNext, NEXT, swapIn } from './table-swap.js';

/**
 * Each order's projection state after a rebuild: how many of its events are applied, and no stored
 * contribution; the next event of the order recomputes what it contributed from those events
 * (reproject.ts), which is what this rebuild computed for it.
 */
const ORDER_STATE: SummaryRebuild = {
  table: 'order_state',
  columns: 'order_id, applied_sequence, contribution, projection',
  select: `SELECT order_id, applied_events, NULL::jsonb, ${PROJECTION_VERSION} FROM analytics.rebuild_events WHERE last_in_order`,
};

/**
 * Sorts, hashes and index builds of a few million narrow rows stay in memory (a sort that does not
 * fit spills to disk: slower, never wrong); set per transaction, so only the rebuild's session uses it.
 */
const WORK_MEM = '1GB';
/** The event store is scanned, its JSON read and sorted, and indexes are built, by two workers besides the backend (2 cores here). */
const PARALLEL_WORKERS = 2;

/**
 * Recomputes every summary table from the event store with a few set-based statements, into fresh
 * copies of the tables, and swaps the copies in at the commit: until then readers read the old
 * figures, untouched; afterwards the new ones, all tables at once. New events wait for the commit
 * (the event store is locked against writes, not reads) and then apply on top of the rebuilt state,
 * so nothing that arrives meanwhile is lost or counted twice.
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<RebuildOutcome> {
    const started = Date.now();
    rebuildProgress.set(0);
    try {
      const outcome = await inTransaction(this.dataSource, (tx) => this.rebuild(tx, started));
      rebuildsByOutcome.inc({ outcome: 'completed' });
      rebuildRate.set(outcome.events / Math.max(outcome.tookMs / 1000, 0.001));
      this.logger.log(`rebuilt from ${outcome.events} events of ${outcome.orders} orders in ${outcome.tookMs} ms`);
      return outcome;
    } catch (error) {
      rebuildsByOutcome.inc({ outcome: 'failed' });
      this.logger.error(`rebuild failed, the summary tables are unchanged: ${String(error)}`);
      throw error;
    } finally {
      rebuildProgress.set(1);
    }
  }

  private async rebuild(tx: Tx, started: number): Promise<RebuildOutcome> {
    const targets = [...SUMMARY_REBUILDS, ORDER_STATE];
    const steps = STAGING.length + targets.length + 1;
    let done = 0;
    const step = (what: string, since: number) => {
      rebuildProgress.set(++done / steps);
      this.logger.log(`rebuild: ${what} in ${Date.now() - since} ms (step ${done} of ${steps})`);
    };
    // Writers wait (ingest first inserts into the event store); readers of every table go on.
    await tx.affected(`LOCK TABLE analytics.order_events IN SHARE MODE`);
    await tx.affected(`LOCK TABLE analytics.order_state IN EXCLUSIVE MODE`);
    await tx.affected(`SET LOCAL work_mem = '${WORK_MEM}'`);
    await tx.affected(`SET LOCAL maintenance_work_mem = '${WORK_MEM}'`);
    await tx.affected(`SET LOCAL max_parallel_workers_per_gather = ${PARALLEL_WORKERS}`);
    await tx.affected(`SET LOCAL max_parallel_maintenance_workers = ${PARALLEL_WORKERS}`);
    for (const { table, sql, compile } of STAGING) {
      const t = Date.now();
      await tx.affected(`SET LOCAL jit = ${compile ? 'on' : 'off'}`);
      await tx.affected(`DROP TABLE IF EXISTS analytics.${table}`);
      await tx.affected(`CREATE UNLOGGED TABLE analytics.${table} AS ${sql}`);
      await tx.affected(`ANALYZE analytics.${table}`);
      step(`${table} staged`, t);
    }
    await tx.affected(`SET LOCAL jit = off`);
    const indexes = new Map<string, string[]>();
    for (const { table, columns, select, quarters } of targets) {
      const t = Date.now();
      if (quarters) {
        // Grouped by sorting in each worker: hashing would group millions of quarter hours in one process.
        await tx.affected(`SET LOCAL enable_hashagg = off`);
        await tx.affected(`DROP TABLE IF EXISTS analytics.${QUARTERS}`);
        await tx.affected(`CREATE UNLOGGED TABLE analytics.${QUARTERS} AS ${quarters}`);
        await tx.affected(`SET LOCAL enable_hashagg = on`);
      }
      await createNext(tx, table);
      for (const rows of [select].flat()) await tx.affected(`INSERT INTO analytics.${table}${NEXT} (${columns}) ${rows}`);
      if (quarters) await tx.affected(`DROP TABLE analytics.${QUARTERS}`);
      indexes.set(table, await indexNext(tx, table));
      step(`${table} built`, t);
    }
    const [{ orders, events }] = await tx.rows<{ orders: number; events: number }>(
      `SELECT count(*)::int AS orders, coalesce(sum(stored_events), 0)::int AS events
       FROM analytics.rebuild_events WHERE last_in_order`,
    );
    const t = Date.now();
    for (const { table } of STAGING) await tx.affected(`DROP TABLE analytics.${table}`);
    for (const { table } of targets) await swapIn(tx, table, indexes.get(table)!);
    step('new tables swapped in', t);
    return { orders, events, tookMs: Date.now() - started };
  }
}
