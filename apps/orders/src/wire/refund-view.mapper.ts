import type { RefundView } from '#contracts';
import type { StoredRefund } from '../persistence/refund.repository.js';

export const toRefundView = (refund: StoredRefund): RefundView => ({
  id: refund.id,
  orderId: refund.orderId,
  paymentReference: refund.paymentReference,
  amount: refund.amount.toNumber(),
  status: refund.status,
  reason: refund.reason,
  createdAt: refund.createdAt.toISOString(),
  updatedAt: refund.updatedAt.toISOString(),
});
