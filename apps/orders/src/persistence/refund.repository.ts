import type { RefundStatus } from '#contracts';
import type { Reader, Sql, WritePart } from '#persistence';
import { Money } from '../domain/money.js';
import type { Refund } from '../domain/order.js';
import { conditions, cursorAtColumn, type KeysetPage } from './keyset-page.js';

/**
 * PENDING refunds, as the order's decisions requested them: those decisions ran on the order's
 * locked row with every earlier refund of it in view, so no payment is refunded beyond its amount.
 */
export function refundsInsert(refunds: Refund[]): WritePart | null {
  if (refunds.length === 0) return null;
  return {
    sql: `INSERT INTO orders.refunds (id, order_id, payment_reference, amount, status, created_at, updated_at, reason)
     SELECT id, order_id, payment_reference, amount, 'PENDING', created_at, created_at, reason
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::timestamptz[], $6::text[])
         AS t(id, order_id, payment_reference, amount, created_at, reason)`,
    params: [
      refunds.map((r) => r.id),
      refunds.map((r) => r.orderId),
      refunds.map((r) => r.paymentReference),
      refunds.map((r) => r.amount.toDecimal()),
      refunds.map((r) => r.createdAt),
      refunds.map((r) => r.reason),
    ],
  };
}

/** A refund as stored, with where its settlement stands. */
export interface StoredRefund extends Refund {
  status: RefundStatus;
  updatedAt: Date;
}

interface RefundRow {
  id: string;
  order_id: string;
  payment_reference: string;
  amount: string;
  status: RefundStatus;
  reason: string;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const REFUND_COLUMNS = `r.id, r.order_id, r.payment_reference, r.amount::text AS amount, r.status, r.reason, r.created_at, r.updated_at,
  ${cursorAtColumn('r')}`;

const toStoredRefund = (row: RefundRow): StoredRefund => ({
  id: row.id,
  orderId: row.order_id,
  paymentReference: row.payment_reference,
  amount: Money.parse(row.amount),
  status: row.status,
  reason: row.reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A refund of another brand's order, for a brand-scoped caller, is as unknown as one that does not exist. */
const inScope = (brandIds: string) =>
  `(${brandIds}::text[] IS NULL OR EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = r.order_id AND o.brand_id = ANY(${brandIds})))`;

export interface RefundFilter extends KeysetPage {
  status?: RefundStatus;
  orderId?: string;
  brandIds?: string[];
}

/** Oldest first, keyset-paginated on (created_at, id); `cursorAt` for the cursor of the next page. */
export async function listRefunds(sql: Reader, filter: RefundFilter): Promise<{ refund: StoredRefund; cursorAt: string }[]> {
  const { add, param, clause, params } = conditions();
  if (filter.status !== undefined) add(`r.status = ${param(filter.status)}`);
  if (filter.orderId !== undefined) add(`r.order_id = ${param(filter.orderId)}::uuid`);
  if (filter.brandIds !== undefined) {
    add(`r.order_id IN (SELECT o.id FROM orders.orders o WHERE o.brand_id = ANY(${param(filter.brandIds)}::text[]))`);
  }
  if (filter.after)
    add(`(r.created_at, r.id) > (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
  const rows = await sql.rows<RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM orders.refunds r ${clause()} ORDER BY r.created_at, r.id LIMIT ${param(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({ refund: toStoredRefund(r), cursorAt: r.cursor_at }));
}

/** PENDING to `status`, once: of two racing settlements the guarded UPDATE lets exactly one win. Null if none did. */
export async function settleRefund(
  tx: Sql,
  refundId: string,
  status: RefundStatus,
  brandIds: string[] | undefined,
): Promise<StoredRefund | null> {
  const [row] = await tx.rows<RefundRow>(
    `UPDATE orders.refunds r SET status = $2, updated_at = greatest(now(), r.created_at)
      WHERE r.id = $1 AND r.status = 'PENDING' AND ${inScope('$3')} RETURNING ${REFUND_COLUMNS}`,
    [refundId, status, brandIds ?? null],
  );
  if (!row) return null;
  // A FAILED refund gave nothing back: the order's refundedAmount, part of its representation, moves with its version.
  if (status === 'FAILED') {
    await tx.affected('UPDATE orders.orders SET version = version + 1, updated_at = greatest(now(), updated_at) WHERE id = $1', [
      row.order_id,
    ]);
  }
  return toStoredRefund(row);
}

/** Locks a refund's row, so that concurrent settlements (and their Idempotency-Keys) are decided one after another. */
export async function lockRefund(tx: Sql, refundId: string): Promise<void> {
  await tx.rows('SELECT id FROM orders.refunds WHERE id = $1 FOR UPDATE', [refundId]);
}

export async function findRefundStatus(
  sql: Reader,
  refundId: string,
  brandIds: string[] | undefined,
): Promise<RefundStatus | null> {
  const [row] = await sql.rows<{ status: RefundStatus }>(
    `SELECT r.status FROM orders.refunds r WHERE r.id = $1 AND ${inScope('$2')}`,
    [refundId, brandIds ?? null],
  );
  return row?.status ?? null;
}
