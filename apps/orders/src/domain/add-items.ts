import { MAX_MONEY, MAX_ORDER_ITEMS, MAX_QUANTITY } from '#contracts/rules';
import type { AddItemsCommand, DomainError, Result } from '#contracts';
import { fail, ok } from '../result.js';
import { Money } from './money.js';
import type { Decision, LineInput, Order, OrderItem } from './order.js';
import { lineInput, totalOf } from './order-lines.js';
import { advanced, nextInstant } from './order-rules.js';

/**
 * Adds lines to a PLACED order: a new plu becomes a QUEUED line, a plu already on the order
 * (same name, same price, still QUEUED) gets the quantity added. The order must stay within
 * the contract's per-order limits.
 */
export function addItems(order: Order, command: AddItemsCommand, now: Date): Decision {
  if (order.status !== 'PLACED') {
    return fail({
      code: 'order_not_open',
      status: order.status,
      detail: `Order ${order.id} is ${order.status}; items can be added only while it is PLACED.`,
    });
  }
  const lines = command.items.map(lineInput);
  const mismatch = mismatchOf(order, command, lines);
  if (mismatch) return mismatch;

  const at = nextInstant(order, now);
  const byPlu = new Map(lines.map((l) => [l.plu, l]));
  let lineNo = Math.max(0, ...order.items.map((i) => i.lineNo));
  const added = lines.filter((l) => !order.items.some((i) => i.plu === l.plu));
  const items: OrderItem[] = [
    ...order.items.map((i) => (byPlu.has(i.plu) ? { ...i, quantity: i.quantity + byPlu.get(i.plu)!.quantity } : i)),
    ...added.map((l) => ({ ...l, lineNo: ++lineNo, status: 'QUEUED' as const, removed: false })),
  ];
  const overLimit = limitExceeded(order, command, items);
  if (overLimit) return fail(overLimit);

  const totalAmount = totalOf(items);
  return ok({
    order: { ...advanced(order, at, now, 1), items, totalAmount },
    events: [
      {
        type: 'order.items_added',
        sequence: order.lastSequence + 1,
        at,
        actor: command.caller.actor,
        lines,
        newPlus: added.map((l) => l.plu),
        totalAmount,
      },
    ],
  });
}

/** A plu already on the order must be the same product at the same price, and still open. */
function mismatchOf(order: Order, command: AddItemsCommand, lines: LineInput[]): Result<never> | null {
  for (const [index, line] of lines.entries()) {
    const item = order.items.find((i) => i.plu === line.plu);
    if (!item) continue;
    const samePrice =
      item.unitPrice === null ? line.unitPrice === null : line.unitPrice !== null && item.unitPrice.equals(line.unitPrice);
    let why: string | null = null;
    if (item.name !== line.name) why = `its name is "${item.name}", not "${line.name}"`;
    else if (!samePrice) {
      why = `its unitPrice is ${item.unitPrice?.toNumber() ?? 'absent'}, not ${command.items[index]!.unitPrice ?? 'absent'}`;
    } else if (item.status !== 'QUEUED') why = `it is already ${item.status}`;
    if (why) {
      return fail({
        code: 'item_mismatch',
        plu: line.plu,
        detail: `Item ${line.plu} is already on order ${order.id} and ${why}; send a new plu for a different line.`,
      });
    }
  }
  return null;
}

/** The contract's per-order limits over the order as the new lines would leave it: lines, quantity of each, total. */
function limitExceeded(order: Order, command: AddItemsCommand, items: OrderItem[]): DomainError | null {
  if (items.length > MAX_ORDER_ITEMS) {
    return {
      code: 'limit_exceeded',
      field: 'items',
      detail: `The order has ${order.items.length} lines; with ${items.length - order.items.length} more it would exceed ${MAX_ORDER_ITEMS}.`,
    };
  }
  for (const [index, added] of command.items.entries()) {
    const item = order.items.find((i) => i.plu === added.plu);
    if (item && item.quantity + added.quantity > MAX_QUANTITY) {
      return {
        code: 'limit_exceeded',
        field: `items.${index}.quantity`,
        detail: `Item ${added.plu} has quantity ${item.quantity}; adding ${added.quantity} would exceed ${MAX_QUANTITY.toLocaleString('en')}.`,
      };
    }
  }
  if (totalOf(items).isGreaterThan(Money.MAX)) {
    return {
      code: 'limit_exceeded',
      field: 'items',
      detail: `With these items the order's total would exceed ${MAX_MONEY.toLocaleString('en')}.`,
    };
  }
  return null;
}
