import { StateMachine, type TransitionTable } from './state-machine.js';
import type { ItemStatus, OrderStatus } from './statuses.js';

export const ORDER_TRANSITIONS: TransitionTable<OrderStatus> = {
  PLACED: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
  ACCEPTED: ['PREPARING', 'CANCELLED'],
  PREPARING: ['READY', 'CANCELLED'],
  READY: ['PICKED_UP', 'CANCELLED'],
  PICKED_UP: [],
  REJECTED: [],
  CANCELLED: [],
};

export const ITEM_TRANSITIONS: TransitionTable<ItemStatus> = {
  QUEUED: ['PREPARING', 'READY', 'CANCELLED'],
  PREPARING: ['READY', 'CANCELLED'],
  READY: [],
  CANCELLED: [],
};

export const orderMachine = new StateMachine<OrderStatus>('order', ORDER_TRANSITIONS);
export const itemMachine = new StateMachine<ItemStatus>('item', ITEM_TRANSITIONS);

/**
 * What an order transition does to its items (CONTRACT section 2): entering READY readies every
 * item still in progress; entering CANCELLED or REJECTED cancels every item not yet READY.
 * Returns the item status each item must move to, or null where the item stays as it is.
 */
export function cascadeToItem(orderTo: OrderStatus, item: ItemStatus): ItemStatus | null {
  if (itemMachine.isTerminal(item)) return null;
  if (orderTo === 'READY') return 'READY';
  if (orderTo === 'CANCELLED' || orderTo === 'REJECTED') return 'CANCELLED';
  return null;
}
