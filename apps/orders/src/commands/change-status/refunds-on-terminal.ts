import type { CloudEvent, OrderStatus } from '#contracts';
import type { Tx } from '#persistence';
import { v7 as uuidv7 } from 'uuid';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import { insertRefunds } from '../../persistence/refund.repository.js';

/** An order entering one of these owes its customer every payment back. */
export const REFUNDING_STATUSES: readonly OrderStatus[] = ['REJECTED', 'CANCELLED'];

export interface RefundPlan {
  paymentReference: string;
  /** Exact decimal, as PostgreSQL's numeric prints it. */
  amount: string;
}

/**
 * Inserts one PENDING refund per payment in the caller's transaction and returns their
 * `refund.requested` events, numbered on from `firstSequence` in the order's own sequence.
 */
export async function refundsFor(
  tx: Tx,
  orderId: string,
  plans: RefundPlan[],
  firstSequence: number,
  now: Date,
  correlationId: string,
): Promise<CloudEvent[]> {
  if (plans.length === 0) return [];
  const rows = plans.map((p) => ({ id: uuidv7(), orderId, ...p, createdAt: now }));
  await insertRefunds(tx, rows);
  const time = now.toISOString();
  return rows.map((r, i) =>
    OutboxEvent.create({
      type: 'refund.requested',
      orderId,
      sequence: firstSequence + i,
      time,
      data: { refundId: r.id, orderId, paymentReference: r.paymentReference, amount: Number(r.amount) },
      correlationId,
    }),
  );
}
