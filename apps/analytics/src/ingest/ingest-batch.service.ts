import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent } from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import { reproject, type StateRow } from '../projection/reproject.js';

export interface BatchOutcome {
  /** Events stored for the first time (the rest were duplicates). */
  stored: number;
  /** Orders whose share of the summaries changed. */
  applied: number;
}

/**
 * Stores a batch of events and brings their orders' shares of the summaries up to date, in one
 * transaction: the inbox rows (unique event id) and the summary changes commit together or not at
 * all. Each order is recomputed once from its stored events, whatever number of its events the
 * batch holds; the differences of all orders are summed in memory and written with one upsert
 * per table. Locks are taken in one global order (event ids, then order ids, then summary keys),
 * so batches of several consumers never deadlock.
 */
@Injectable()
export class IngestBatchService {
  constructor(private readonly dataSource: DataSource) {}

  async execute(events: CloudEvent[]): Promise<BatchOutcome> {
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    return inTransaction(this.dataSource, (tx) => ingest(tx, unique));
  }
}

async function ingest(tx: Tx, events: CloudEvent[]): Promise<BatchOutcome> {
  const stored = await tx.rows<{ event_id: string; order_id: string; sequence: number }>(
    // One JSON document for the whole batch: no array literal of JSON texts to escape element by element.
    `INSERT INTO analytics.order_events (event_id, order_id, sequence, type, time, data)
     SELECT id, subject, sequence, type, time, coalesce(data, 'null')
     FROM jsonb_to_recordset($1::jsonb) AS e(id text, subject text, sequence int, type text, time timestamptz, data jsonb)
     ORDER BY 1
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id, order_id, sequence`,
    [JSON.stringify(events.map(({ id, subject, sequence, type, time, data }) => ({ id, subject, sequence, type, time, data })))],
  );
  if (stored.length === 0) return { stored: 0, applied: 0 };
  const lowestNew = new Map<string, number>();
  for (const s of stored) lowestNew.set(s.order_id, Math.min(s.sequence, lowestNew.get(s.order_id) ?? Infinity));

  // Creates missing state rows and locks them all, in order id order, with one statement.
  const states = await tx.rows<StateRow>(
    `INSERT INTO analytics.order_state AS s (order_id) SELECT unnest($1::text[]) ORDER BY 1
     ON CONFLICT (order_id) DO UPDATE SET order_id = s.order_id
     RETURNING order_id, applied_sequence, contribution, projection`,
    [[...lowestNew.keys()]],
  );
  // An order whose new events all lie beyond a gap keeps its share until the gap fills.
  const due = states.filter((s) => lowestNew.get(s.order_id)! <= s.applied_sequence + 1);
  if (due.length === 0) return { stored: stored.length, applied: 0 };

  const data = new Map(events.map((e) => [e.id, e.data ?? null]));
  await reproject(tx, due, new Map(stored.map((s) => [s.event_id, data.get(s.event_id)])));
  return { stored: stored.length, applied: due.length };
}
