import type { CloudEvent, OrderStatus } from '#contracts';
import { v7 as uuidv7 } from 'uuid';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import type { NewRefundRow } from '../../persistence/refund.repository.js';

/** An order entering one of these owes its customer every payment back. */
export const REFUNDING_STATUSES: readonly OrderStatus[] = ['REJECTED', 'CANCELLED'];

export interface RefundPlan {
  paymentReference: string;
  /** Exact decimal, as PostgreSQL's numeric prints it. */
  amount: string;
}

/**
 * One PENDING refund per payment and its `refund.requested` event, numbered on from
 * `firstSequence` in the order's own sequence; the caller writes both with its batch.
 */
export function refundsFor(
  orderId: string,
  plans: RefundPlan[],
  firstSequence: number,
  now: Date,
  correlationId: string,
): { rows: NewRefundRow[]; events: CloudEvent[] } {
  const rows = plans.map((p) => ({ id: uuidv7(), orderId, ...p, createdAt: now }));
  const time = now.toISOString();
  const events = rows.map((r, i) =>
    OutboxEvent.create({
      type: 'refund.requested',
      orderId,
      sequence: firstSequence + i,
      time,
      data: { refundId: r.id, orderId, paymentReference: r.paymentReference, amount: Number(r.amount) },
      correlationId,
    }),
  );
  return { rows, events };
}
