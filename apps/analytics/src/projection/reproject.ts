import { type Tx, writeBatch } from '#persistence';
import {
  contiguousAfter,
  type Contribution,
  contributionAndFold,
  contributionOf,
  deltaOf,
  foldOfStored,
  foldOrder,
  type OrderFold,
  parseContribution,
  placedAtOf,
  type StoredEvent,
  storedFold,
  type StoredFold,
  SUMMARY_TABLES,
  type SummaryTable,
} from '../domain/order-contribution.js';
import { SummaryTotals } from './summary-writer.js';

/**
 * An order's projection state, locked by the caller's transaction. `contribution` holds, by
 * `projection`: 4, the fold of its first `applied_sequence` events (order-contribution.ts); 1 to 3,
 * what those events added to the summaries, in that version's shape; null after a rebuild (and for
 * an order whose first event is not `order.created`): recomputed from the applied events.
 */
export interface StateRow {
  order_id: string;
  applied_sequence: number;
  contribution: unknown;
  projection: number;
}

/** The data of the events the caller's transaction stored, by event id: taken from memory instead of read back. */
export type JustStored = Map<string, unknown>;

interface EventRow extends StoredEvent {
  order_id: string;
  event_id: string;
}

/**
 * Brings each order's share of the summaries up to date with its stored events, with one read and
 * one statement for every table's upsert and the state update. An order in the current shape folds
 * only its events past `applied_sequence` onto its stored fold and adds the rows they change; one in
 * an earlier shape (or after a rebuild) is recomputed from all its events and the difference to what
 * it added before is applied. Either way the tables end as if the order had always been projected this
 * way; run twice, the second changes nothing.
 */
export async function reproject(tx: Tx, states: StateRow[], justStored: JustStored = new Map()): Promise<void> {
  if (states.length === 0) return;
  const history = await eventsAfter(tx, states, justStored);
  const totals = new SummaryTotals();
  const next: { id: string; applied: number; fold: StoredFold | null }[] = [];
  for (const state of states) {
    const events = history.get(state.order_id) ?? [];
    const { fold, applied } = incremental(state) ? foldOnto(state, events, totals) : recomputeWhole(state, events, totals);
    next.push({ id: state.order_id, applied, fold: storedFold(fold) });
  }
  // One round trip for the summaries and the states, the tables in their fixed order as ever.
  await writeBatch(tx, [
    ...totals.upserts(),
    {
      sql: `UPDATE analytics.order_state s SET applied_sequence = u.applied, contribution = u.fold, projection = $2
       FROM jsonb_to_recordset($1::jsonb) AS u(id text, applied int, fold jsonb) WHERE s.order_id = u.id`,
      params: [JSON.stringify(next), PROJECTION_VERSION],
    },
  ]);
}

/** In the current shape with its fold stored, or new (nothing applied yet): its fold is known without its events. */
const incremental = (s: StateRow) => s.projection === PROJECTION_VERSION && (s.contribution !== null || s.applied_sequence === 0);

/** The events past the stored fold, folded onto it: the rows they change go to `totals`. */
function foldOnto(state: StateRow, events: StoredEvent[], totals: SummaryTotals) {
  const added = contiguousAfter(state.applied_sequence, events);
  const rows: [SummaryTable, string, bigint[]][] = [];
  const stored = state.contribution === null ? null : foldOfStored(state.contribution);
  const fold = foldOrder(stored, added, (...row) => rows.push(row));
  const placedAt = placedAtOf(fold);
  for (const [table, key, values] of rows) totals.addRow(table, key, values, placedAt);
  return { fold, applied: state.applied_sequence + added.length };
}

/** The whole contribution again, less what the order added before: the difference goes to `totals`. */
function recomputeWhole(state: StateRow, events: StoredEvent[], totals: SummaryTotals) {
  const prefix = contiguousAfter(0, events);
  const { contribution, fold } = contributionAndFold(prefix);
  const before: Contribution =
    state.contribution === null ? contributionOf(prefix.slice(0, state.applied_sequence)) : parseContribution(state.contribution);
  for (const table of SUMMARY_TABLES) totals.add(table, deltaOf(contribution[table], before[table]), contribution.placedAt);
  return { fold: fold as OrderFold | null, applied: prefix.length };
}

/**
 * Each order's stored events past its fold (all of them for an order recomputed whole), in
 * sequence order, with one statement. The data of events this transaction stored is taken from
 * memory: only events stored before (one that waited for a gap to fill) travel back.
 */
async function eventsAfter(tx: Tx, states: StateRow[], justStored: JustStored): Promise<Map<string, StoredEvent[]>> {
  const rows = await tx.rows<EventRow>(
    `SELECT e.order_id, e.event_id, e.sequence, e.type,
       to_char(e.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time,
       CASE WHEN e.event_id = ANY($3::text[]) THEN NULL ELSE e.data END AS data
     FROM unnest($1::text[], $2::int[]) AS o(order_id, after)
     JOIN analytics.order_events e ON e.order_id = o.order_id AND e.sequence > o.after
     ORDER BY e.order_id, e.sequence, e.event_id`,
    [states.map((s) => s.order_id), states.map((s) => (incremental(s) ? s.applied_sequence : 0)), [...justStored.keys()]],
  );
  const history = new Map<string, StoredEvent[]>();
  for (const row of rows) {
    if (justStored.has(row.event_id)) row.data = justStored.get(row.event_id);
    (history.get(row.order_id) ?? history.set(row.order_id, []).get(row.order_id)!).push(row);
  }
  return history;
}

/** The shape of the stored state: 2 since it held UTC quarter hours, 3 since punctuality, 4 since it is the order's fold. */
export const PROJECTION_VERSION = 4;
