import type { RefundStatus, RefundView } from '#contracts';

export interface RefundRow {
  id: string;
  order_id: string;
  payment_reference: string;
  amount: string;
  status: RefundStatus;
  created_at: Date;
  updated_at: Date;
}

export const REFUND_COLUMNS = 'r.id, r.order_id, r.payment_reference, r.amount, r.status, r.created_at, r.updated_at';

export const toRefundView = (row: RefundRow): RefundView => ({
  id: row.id,
  orderId: row.order_id,
  paymentReference: row.payment_reference,
  amount: Number(row.amount),
  status: row.status,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
