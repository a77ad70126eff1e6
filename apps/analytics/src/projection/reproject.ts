import type { Tx } from '#persistence';
import {
  contiguousPrefix,
  contributionOf,
  deltaOf,
  parseContribution,
  serializeContribution,
  type StoredEvent,
  SUMMARY_TABLES,
} from '../domain/order-contribution.js';
import { SummaryTotals } from './summary-writer.js';

/**
 * An order's projection state, locked by the caller's transaction. `contribution` is what its first
 * `applied_sequence` events added to the summaries, or null after a rebuild (recomputed from them).
 */
export interface StateRow {
  order_id: string;
  applied_sequence: number;
  contribution: unknown;
}

interface EventRow extends StoredEvent {
  order_id: string;
}

/**
 * Recomputes each order's share of the summaries from its stored events and applies the
 * difference to what it last contributed, with one read, one upsert per table and one state
 * update. Whatever changed (new events, or a projection that now keeps more rows), the tables end
 * as if the order had always been projected this way; run twice, the second changes nothing.
 */
export async function reproject(tx: Tx, states: StateRow[]): Promise<void> {
  if (states.length === 0) return;
  const rows = await tx.rows<EventRow>(
    `SELECT order_id, sequence, type, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, data
     FROM analytics.order_events WHERE order_id = ANY($1::text[]) ORDER BY order_id, sequence, event_id`,
    [states.map((s) => s.order_id)],
  );
  const history = new Map<string, EventRow[]>();
  for (const row of rows) (history.get(row.order_id) ?? history.set(row.order_id, []).get(row.order_id)!).push(row);

  const totals = new SummaryTotals();
  const next: { id: string; applied: number; contribution: string }[] = [];
  for (const state of states) {
    const prefix = contiguousPrefix(history.get(state.order_id) ?? []);
    const contribution = contributionOf(prefix);
    // A rebuild stores no contribution: the applied events give it again.
    const prev =
      state.contribution === null && state.applied_sequence > 0
        ? contributionOf(prefix.slice(0, state.applied_sequence))
        : parseContribution(state.contribution);
    for (const table of SUMMARY_TABLES) {
      totals.add(table, deltaOf(contribution[table], prev[table]), contribution.placedAt);
    }
    next.push({ id: state.order_id, applied: prefix.length, contribution: serializeContribution(contribution) });
  }
  await totals.writeTo(tx);
  await tx.affected(
    `UPDATE analytics.order_state s SET applied_sequence = u.applied, contribution = u.contribution, projection = $4
     FROM unnest($1::text[], $2::int[], $3::jsonb[]) AS u(order_id, applied, contribution) WHERE s.order_id = u.order_id`,
    [next.map((n) => n.id), next.map((n) => n.applied), next.map((n) => n.contribution), PROJECTION_VERSION],
  );
}

/** The shape of the stored contributions: 2 since they hold UTC quarter hours, 3 since punctuality. */
export const PROJECTION_VERSION = 3;
