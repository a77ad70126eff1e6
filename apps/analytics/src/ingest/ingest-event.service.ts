import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent } from '#contracts';
import { PermanentMessageError } from '#messaging';
import { inTransaction, type Tx } from '#persistence';
import {
  type Contribution,
  contiguousPrefix,
  contributionOf,
  deltaOf,
  emptyContribution,
  type StoredEvent,
} from '../projection/order-contribution.js';
import { addToSummaries, rowsOf } from '../projection/summary-writer.js';
import { recordApplied } from './analytics-lag.js';

export type IngestOutcome = 'duplicate' | 'waiting' | 'applied';

/**
 * Stores an event and brings its order's share of the summaries up to date, in one transaction:
 * the inbox row (unique event id) and the summary change commit together or not at all.
 */
@Injectable()
export class IngestEventService {
  constructor(private readonly dataSource: DataSource) {}

  async execute(event: CloudEvent): Promise<IngestOutcome> {
    assertShape(event);
    const outcome = await inTransaction(this.dataSource, async (tx) => {
      const stored = await tx.affected(
        `INSERT INTO analytics.order_events (event_id, order_id, sequence, type, time, data)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
        [event.id, event.subject, event.sequence, event.type, event.time, JSON.stringify(event.data ?? null)],
      );
      if (stored === 0) return 'duplicate';
      return applyOrder(tx, event.subject, event.sequence);
    });
    if (outcome === 'applied') recordApplied(event.time);
    return outcome;
  }
}

/**
 * Recomputes one order from its stored events and applies the difference to what was applied
 * before. The order's state row is locked first, so consumers of the same order take turns and
 * each sees the events the previous one committed.
 */
export async function applyOrder(tx: Tx, orderId: string, arrived?: number): Promise<IngestOutcome> {
  await tx.affected(`INSERT INTO analytics.order_state (order_id) VALUES ($1) ON CONFLICT DO NOTHING`, [orderId]);
  const [state] = await tx.rows<{ applied_sequence: number; contribution: Contribution | null }>(
    `SELECT applied_sequence, contribution FROM analytics.order_state WHERE order_id = $1 FOR UPDATE`,
    [orderId],
  );
  // Beyond a gap: stored, and counted once the missing events arrive.
  if (arrived !== undefined && arrived > state.applied_sequence + 1) return 'waiting';
  const events = await tx.rows<StoredEvent>(
    `SELECT sequence, type, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, data
     FROM analytics.order_events WHERE order_id = $1 ORDER BY sequence, event_id`,
    [orderId],
  );
  const prefix = contiguousPrefix(events);
  const next = contributionOf(prefix);
  const prev = state.contribution ?? emptyContribution();
  const customerTimes = () => [next.placedAt, next.placedAt];
  await addToSummaries(tx, {
    throughput: rowsOf(deltaOf(next.throughput, prev.throughput)),
    durations: rowsOf(deltaOf(next.durations, prev.durations)),
    statusCounts: rowsOf(deltaOf(next.statusCounts, prev.statusCounts)),
    processing: rowsOf(deltaOf(next.processing, prev.processing)),
    customers: rowsOf(deltaOf(next.customers, prev.customers), customerTimes),
  });
  await tx.affected(`UPDATE analytics.order_state SET applied_sequence = $2, contribution = $3 WHERE order_id = $1`, [
    orderId,
    prefix.length,
    JSON.stringify(next),
  ]);
  return 'applied';
}

/** Retrying cannot fix a body that is not one of our events: dead-letter it at once. */
function assertShape(event: CloudEvent): void {
  const ok =
    event !== null &&
    typeof event === 'object' &&
    typeof event.id === 'string' &&
    event.id.length > 0 &&
    typeof event.subject === 'string' &&
    event.subject.length > 0 &&
    Number.isInteger(event.sequence) &&
    event.sequence >= 1 &&
    typeof event.type === 'string' &&
    !Number.isNaN(Date.parse(event.time));
  if (!ok) throw new PermanentMessageError('not an orders CloudEvent (id, subject, sequence, type, time)');
}
