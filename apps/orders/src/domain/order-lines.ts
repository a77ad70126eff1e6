import type { OrderItemDto } from '#contracts';
import { Money } from './money.js';
import type { LineInput, OrderItem } from './order.js';

/** A line as the command sent it, its price read once from the wire's JSON number. */
export const lineInput = (item: OrderItemDto): LineInput => ({
  plu: item.plu,
  name: item.name,
  quantity: item.quantity,
  unitPrice: item.unitPrice == null ? null : Money.fromNumber(item.unitPrice),
});

/**
 * An order's total: Σ quantity × unitPrice over its lines not removed; a line without a price
 * counts as 0. A line cancelled with its order still counts: only a removal takes it off the bill.
 */
export const totalOf = (items: readonly (Pick<OrderItem, 'quantity' | 'unitPrice'> & { removed?: boolean })[]): Money =>
  Money.sum(items.map((i) => (i.unitPrice === null || i.removed ? Money.ZERO : i.unitPrice.times(i.quantity))));
