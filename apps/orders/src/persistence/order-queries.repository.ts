import { type ItemStatus, itemStatusFromCode, orderStatusCode, type OrderStatus, orderStatusFromCode } from '#contracts';
import type { Reader, Sql } from '#persistence';
import type { Order } from '../domain/order.js';
import { conditions, cursorAtColumn, type KeysetPage } from './keyset-page.js';
import { orderColumns, toOrder, type OrderRow } from './order.mapper.js';

/** The reads behind the order queries: lists and history, outside any transaction. */

export interface OrderFilter extends KeysetPage {
  statuses?: OrderStatus[];
  brandId?: string;
  brandIds?: string[];
  customerId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Archived orders as well (CONTRACT section 10): read from `orders_archive` and merged in keyset order. */
  includeArchived?: boolean;
}

export type OrderSchema = 'orders' | 'orders_archive';

/**
 * Rows of each schema the filter reads, merged newest first and cut to its limit: each schema's
 * page is already in keyset order, so the first `limit` of the merge are the first `limit` overall.
 */
export async function fromEachSchema<T extends { cursorAt: string; id: string }>(
  filter: OrderFilter,
  read: (schema: OrderSchema) => Promise<T[]>,
): Promise<T[]> {
  const live = await read('orders');
  if (!filter.includeArchived) return live;
  const archived = await read('orders_archive');
  const newestFirst = (a: T, b: T) => (a.cursorAt === b.cursorAt ? (a.id < b.id ? 1 : -1) : a.cursorAt < b.cursorAt ? 1 : -1);
  return [...live, ...archived].sort(newestFirst).slice(0, filter.limit);
}

/** Newest first, keyset-paginated on (created_at, id); `cursorAt` for the cursor of the next page. */
export async function listOrders(
  sql: Reader,
  filter: OrderFilter,
): Promise<{ order: Order; cursorAt: string; id: string; archived: boolean }[]> {
  return fromEachSchema(filter, async (schema) => {
    const { param, clause, params } = filterConditions(filter);
    const rows = await sql.rows<OrderRow & { cursor_at: string }>(
      `SELECT ${orderColumns(schema)}, ${cursorAtColumn('o')} FROM ${schema}.orders o ${clause()}
        ORDER BY o.created_at DESC, o.id DESC LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map((r) => ({ order: toOrder(r), cursorAt: r.cursor_at, id: r.id, archived: schema === 'orders_archive' }));
  });
}

/** The WHERE clause of `filter` on `orders.orders o`, keyset position included; more parameters may follow. */
export function filterConditions(filter: OrderFilter) {
  const built = conditions();
  const { add, param } = built;
  if (filter.statuses?.length) add(`o.status = ANY(${param(filter.statuses.map(orderStatusCode))}::smallint[])`);
  if (filter.brandId !== undefined) add(`o.brand_id = ${param(filter.brandId)}`);
  if (filter.brandIds !== undefined) add(`o.brand_id = ANY(${param(filter.brandIds)}::text[])`);
  if (filter.customerId !== undefined) add(`o.customer_id = ${param(filter.customerId)}`);
  if (filter.createdFrom) add(`o.created_at >= ${param(filter.createdFrom)}`);
  if (filter.createdTo) add(`o.created_at < ${param(filter.createdTo)}`);
  if (filter.after) {
    const at = param(filter.after.createdAt);
    add(`(o.created_at, o.id) < (${at}::timestamptz, ${param(filter.after.id)}::uuid)`);
    // Implied by the row comparison, and usable by the (status, created_at) and (brand_id, created_at) indexes.
    add(`o.created_at <= ${at}::timestamptz`);
  }
  return built;
}

export type HistoryEntry =
  | { plu: null; status: OrderStatus; at: Date; reason: string | null; actor: string | null }
  | { plu: string; status: ItemStatus; at: Date; reason: string | null; actor: string | null };

/** An order's history, oldest first, archived or not; none when the order is unknown or outside `brandIds`. */
export async function findHistory(sql: Reader, orderId: string, brandIds: string[] | undefined): Promise<HistoryEntry[]> {
  const rows = await sql.rows<{ plu: string | null; to_status: number; at: Date; reason: string | null; actor: string | null }>(
    `SELECT plu, to_status, at, reason, actor FROM (
       SELECT h.*, o.brand_id FROM orders.status_history h JOIN orders.orders o ON o.id = h.order_id WHERE h.order_id = $1
       UNION ALL
       SELECT h.*, o.brand_id FROM orders_archive.status_history h JOIN orders_archive.orders o ON o.id = h.order_id
        WHERE h.order_id = $1
     ) h
      WHERE $2::text[] IS NULL OR h.brand_id = ANY($2)
      ORDER BY id`,
    [orderId, brandIds ?? null],
  );
  return rows.map(({ plu, to_status, at, reason, actor }) =>
    plu === null
      ? { plu, status: orderStatusFromCode(to_status), at, reason, actor }
      : { plu, status: itemStatusFromCode(to_status), at, reason, actor },
  );
}

/** What the acceptance timeout decides on: whether the order still awaits acceptance, and since when. */
export async function findAcceptanceState(
  sql: Reader,
  orderId: string,
): Promise<{ status: OrderStatus; backfilled: boolean; releaseAt: Date } | null> {
  const [row] = await sql.rows<{ status: number; backfilled: boolean; release_at: Date }>(
    'SELECT status, backfilled, coalesce(release_at, created_at) AS release_at FROM orders.orders WHERE id = $1',
    [orderId],
  );
  return row ? { status: orderStatusFromCode(row.status), backfilled: row.backfilled, releaseAt: row.release_at } : null;
}

/** Oldest first, non-backfilled PLACED orders released at or before `cutoff` (the partial index holds only those). */
export async function ordersAwaitingAcceptance(sql: Reader, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await sql.rows<{ id: string }>(
    `SELECT id FROM orders.orders
      WHERE status = $1 AND NOT backfilled AND release_at <= $2 ORDER BY release_at LIMIT $3`,
    [orderStatusCode('PLACED'), cutoff, limit],
  );
  return rows.map((r) => r.id);
}

/** Whether this transaction now holds the sweep's lock (until it ends); false while another replica sweeps. */
export async function holdSweepLock(tx: Sql): Promise<boolean> {
  const [held] = await tx.rows<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
    'orders:acceptance-sweep',
  ]);
  return held?.locked ?? false;
}
