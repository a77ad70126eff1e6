import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RebuildOutcome } from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import {
  contiguousPrefix,
  contributionOf,
  serializeContribution,
  type StoredEvent,
  SUMMARY_TABLES,
} from '../domain/order-contribution.js';
import { SummaryTotals } from '../projection/summary-writer.js';

const FETCH = 20_000;
const STATE_BATCH = 2_000;

interface EventRow extends StoredEvent {
  order_id: string;
}

/**
 * Recomputes every summary table from the event store (the orders' history as it arrived here),
 * with the very function the live consumer uses, in one transaction: readers see the old figures
 * until the new ones commit. TRUNCATE locks the tables, so live events wait and then apply their
 * delta on top of the rebuilt state of their order.
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(private readonly dataSource: DataSource) {}

  execute(): Promise<RebuildOutcome> {
    const started = Date.now();
    return inTransaction(this.dataSource, async (tx) => {
      await tx.affected(`TRUNCATE analytics.order_state, analytics.throughput, analytics.status_durations,
        analytics.punctuality, analytics.status_counts, analytics.processing, analytics.customers, analytics.customer_brands`);
      await tx.affected(`DECLARE rebuild_events NO SCROLL CURSOR FOR
        SELECT order_id, sequence, type, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, data
        FROM analytics.order_events ORDER BY order_id, sequence, event_id`);
      const totals = new SummaryTotals();
      const states: [string, number, string][] = [];
      let orders = 0;
      let current: EventRow[] = [];
      let events = 0;
      const finishOrder = async () => {
        if (current.length === 0) return;
        const prefix = contiguousPrefix(current);
        const contribution = contributionOf(prefix);
        for (const table of SUMMARY_TABLES) totals.add(table, contribution[table], contribution.placedAt);
        orders++;
        states.push([current[0].order_id, prefix.length, serializeContribution(contribution)]);
        current = [];
        if (states.length >= STATE_BATCH) await writeStates(tx, states.splice(0));
      };
      for (;;) {
        const rows = await tx.rows<EventRow>(`FETCH ${FETCH} FROM rebuild_events`);
        for (const row of rows) {
          if (current.length && current[0].order_id !== row.order_id) await finishOrder();
          current.push(row);
        }
        events += rows.length;
        if (rows.length < FETCH) break;
      }
      await finishOrder();
      await writeStates(tx, states);
      await tx.affected(`CLOSE rebuild_events`);
      const read = Date.now();
      await totals.writeTo(tx);
      this.logger.log(
        `rebuild: events read and per-order state written in ${read - started} ms, summaries in ${Date.now() - read} ms`,
      );
      const outcome = { orders, events, tookMs: Date.now() - started };
      this.logger.log(`rebuilt from ${outcome.events} events of ${outcome.orders} orders in ${outcome.tookMs} ms`);
      return outcome;
    });
  }
}

async function writeStates(tx: Tx, states: [string, number, string][]): Promise<void> {
  if (states.length === 0) return;
  await tx.affected(
    `INSERT INTO analytics.order_state (order_id, applied_sequence, contribution)
     SELECT * FROM unnest($1::text[], $2::int[], $3::jsonb[])`,
    [states.map((s) => s[0]), states.map((s) => s[1]), states.map((s) => s[2])],
  );
}
