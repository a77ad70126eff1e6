import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RebuildOutcome } from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import {
  type Contribution,
  contiguousPrefix,
  contributionOf,
  type Facts,
  type StoredEvent,
  SUMMARY_TABLES,
  type SummaryTable,
} from '../projection/order-contribution.js';
import { addToSummaries, rowsOf } from '../projection/summary-writer.js';

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
        analytics.status_counts, analytics.processing, analytics.customers`);
      await tx.affected(`DECLARE rebuild_events NO SCROLL CURSOR FOR
        SELECT order_id, sequence, type, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, data
        FROM analytics.order_events ORDER BY order_id, sequence, event_id`);
      const totals = new Totals();
      const states: unknown[][] = [];
      let current: EventRow[] = [];
      let events = 0;
      const finishOrder = async () => {
        if (current.length === 0) return;
        const prefix = contiguousPrefix(current);
        const contribution = contributionOf(prefix);
        totals.add(contribution);
        states.push([current[0].order_id, prefix.length, contribution]);
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
      await addToSummaries(tx, totals.rows());
      this.logger.log(
        `rebuild: events read and per-order state written in ${read - started} ms, summaries in ${Date.now() - read} ms`,
      );
      const outcome = { orders: totals.orders, events, tookMs: Date.now() - started };
      this.logger.log(`rebuilt from ${outcome.events} events of ${outcome.orders} orders in ${outcome.tookMs} ms`);
      return outcome;
    });
  }
}

/** Sums of every order's contribution; customers also keep their first and last placedAt. */
class Totals {
  orders = 0;
  private readonly facts = Object.fromEntries(SUMMARY_TABLES.map((t) => [t, {} as Facts])) as Record<SummaryTable, Facts>;
  private readonly customerTimes = new Map<string, [string, string]>();

  add(c: Contribution): void {
    this.orders++;
    for (const table of SUMMARY_TABLES) {
      for (const [key, values] of Object.entries(c[table])) {
        const row = (this.facts[table][key] ??= values.map(() => 0));
        values.forEach((v, i) => (row[i] += v));
        if (table === 'customers' && c.placedAt) {
          const seen = this.customerTimes.get(key);
          if (!seen) this.customerTimes.set(key, [c.placedAt, c.placedAt]);
          else
            this.customerTimes.set(key, [
              c.placedAt < seen[0] ? c.placedAt : seen[0],
              c.placedAt > seen[1] ? c.placedAt : seen[1],
            ]);
        }
      }
    }
  }

  rows() {
    const plain = (t: SummaryTable) => rowsOf(this.facts[t]);
    return {
      throughput: plain('throughput'),
      durations: plain('durations'),
      statusCounts: plain('statusCounts'),
      processing: plain('processing'),
      customers: rowsOf(this.facts.customers, (key) => this.customerTimes.get(JSON.stringify(key)) ?? [null, null]),
    };
  }
}

async function writeStates(tx: Tx, states: unknown[][]): Promise<void> {
  if (states.length === 0) return;
  await tx.affected(
    `INSERT INTO analytics.order_state (order_id, applied_sequence, contribution)
     SELECT r->>0, (r->>1)::int, r->2 FROM jsonb_array_elements($1::jsonb) r`,
    [JSON.stringify(states)],
  );
}
