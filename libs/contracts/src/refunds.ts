/** Refund requests: one per payment of an order that was rejected or cancelled (CONTRACT section 3). */
export const REFUND_STATUSES = ['PENDING', 'PROCESSED', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Where a PENDING refund may be settled to; it never moves again afterwards. */
export const REFUND_OUTCOMES = ['PROCESSED', 'FAILED'] as const satisfies readonly RefundStatus[];
export type RefundOutcome = (typeof REFUND_OUTCOMES)[number];

export interface RefundView {
  id: string;
  orderId: string;
  paymentReference: string;
  amount: number;
  status: RefundStatus;
  createdAt: string;
  updatedAt: string;
}

export interface RefundPage {
  items: RefundView[];
  nextCursor: string | null;
}
