import * as z from 'zod';
import { pageOf } from './order.view.js';
import { instant, money, uuid } from './wire-values.js';

/** Refund requests: one per payment of an order that was rejected or cancelled (CONTRACT section 3). */
export const REFUND_STATUSES = ['PENDING', 'PROCESSED', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Where a PENDING refund may be settled to; it never moves again afterwards. */
export const REFUND_OUTCOMES = ['PROCESSED', 'FAILED'] as const satisfies readonly RefundStatus[];
export type RefundOutcome = (typeof REFUND_OUTCOMES)[number];

/** A refund as `GET /v1/refunds` lists it and `PATCH /v1/refunds/{id}` returns it. */
export const RefundView = z.object({
  id: uuid,
  orderId: uuid,
  paymentReference: z.string().meta({ examples: ['pay_8f2a'] }),
  amount: money.meta({ examples: [12.5] }),
  status: z.enum(REFUND_STATUSES).meta({ examples: ['PENDING'] }),
  reason: z.string().meta({
    examples: ['order_changed'],
    description: '`order_changed` (the total dropped), `order_rejected`, `order_cancelled`, or a goodwill refund’s reason.',
  }),
  createdAt: instant,
  updatedAt: instant,
});
export type RefundView = z.output<typeof RefundView>;

export const RefundPage = pageOf(RefundView);
export type RefundPage = z.output<typeof RefundPage>;
