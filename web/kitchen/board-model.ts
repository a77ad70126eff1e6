import type { OrderView } from '../../libs/contracts/src/order.view.js';
import { ORDER_STATUSES, type ItemStatus, type OrderStatus } from '../../libs/contracts/src/statuses.js';
import { orderMachine } from '../../libs/contracts/src/transitions.js';

/** The statuses that get a column of their own: every status an order can still leave. */
export const ACTIVE_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => !orderMachine.isTerminal(s));

/** Finished orders stay in view this long, so staff see where an order went (picked up, rejected by the timer…). */
export const FINISHED_VISIBLE_MS = 15 * 60_000;
export const FINISHED_SHOWN = 12;

/** One order on the board, with the moment it entered its current status (for the "in status for" clock). */
export interface Card {
  order: OrderView;
  statusSince: string;
  /** When this page last learned something about the order (local clock). */
  seenAt: number;
}

export interface CardNotice {
  tone: 'error' | 'warning' | 'info';
  text: string;
}

export const isFinished = (status: OrderStatus): boolean => orderMachine.isTerminal(status);

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PLACED: 'New',
  ACCEPTED: 'Accepted',
  PREPARING: 'Preparing',
  READY: 'Ready',
  PICKED_UP: 'Picked up',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
};

/** What a button that moves an order to this status says. */
export const ORDER_ACTION_LABEL: Record<OrderStatus, string> = {
  PLACED: 'Place',
  ACCEPTED: 'Accept',
  PREPARING: 'Start preparing',
  READY: 'Mark ready',
  PICKED_UP: 'Picked up',
  REJECTED: 'Reject',
  CANCELLED: 'Cancel order',
};

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  QUEUED: 'Queued',
  PREPARING: 'Preparing',
  READY: 'Ready',
  CANCELLED: 'Cancelled',
};

export const ITEM_ACTION_LABEL: Record<ItemStatus, string> = {
  QUEUED: 'Queue',
  PREPARING: 'Start',
  READY: 'Ready',
  // Cancelling an item on its own takes it off the order (out of stock): its price is refunded.
  CANCELLED: 'Remove',
};

/** Money as the card shows it: two decimals at least, all four when they matter. */
export const amount = (value: number): string =>
  value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** What a change refunded at once, for the notice on its card; null when it refunded nothing. */
export function refundNotice(before: OrderView, after: OrderView): string | null {
  const refunded = after.refundedAmount - before.refundedAmount;
  if (!(refunded > 0)) return null;
  return `Refund of ${amount(refunded)} requested; the order now totals ${amount(after.totalAmount)}.`;
}

/** Moves that cannot be undone ask for a second press. */
export const needsConfirmation = (to: OrderStatus | ItemStatus): boolean => to === 'CANCELLED' || to === 'REJECTED';

/** A short name staff can call out: the channel's order number, else the start of the id. */
export const orderLabel = (order: OrderView): string => `#${order.channelOrderId || order.id.slice(0, 8)}`;

/** How the order leaves the kitchen, as the pass reads it: the table or the car when there is one. */
export function fulfillmentLabel(order: OrderView): string {
  const { mode, table, vehicle } = order.fulfillment;
  if (mode === 'DINE_IN') return table ? `Table ${table}` : 'Dine in';
  if (mode === 'CURBSIDE') return vehicle ? `Curbside: ${vehicle}` : 'Curbside';
  return mode === 'DELIVERY' ? 'Delivery' : 'Pickup';
}

/** A scheduled order before its release waits in its own column; at `releaseAt` it becomes new. */
export const awaitingRelease = (order: OrderView, now: number): boolean =>
  order.status === 'PLACED' && order.scheduled && Date.parse(order.releaseAt) > now;
