import { type CreateOrderCommand, customerKeyOf, itemStatusCode, orderStatusCode, type OrderView } from '#contracts';
import type { HistoryRow, ItemRow, KeyRow, NewOrderRow, PaymentRow } from '../../persistence/order.repository.js';
import { newOrderView } from '../../persistence/order.repository.js';
import { parseInstant } from '../../time.js';
import { moneyString, orderTotal } from './order-amounts.js';

/** Everything one create command writes, computed before the transaction starts. */
export interface NewOrder {
  command: CreateOrderCommand;
  key: KeyRow | null;
  order: NewOrderRow;
  items: ItemRow[];
  payments: PaymentRow[];
  history: HistoryRow[];
  /** The order as written: the reply and the order.created event, with no read-back. */
  view: OrderView;
}

export function newOrder(command: CreateOrderCommand, placedAt: Date, now: Date): NewOrder {
  const { orderId, order: input, caller } = command;
  const customer = pick(input.customer, ['id', 'name', 'phoneNumber']);
  const address = input.deliveryAddress ? pick(input.deliveryAddress, ['city', 'street', 'postalCode']) : null;
  const order: NewOrderRow = {
    id: orderId,
    channelOrderId: input.channelOrderId,
    brandId: input.brandId,
    account: input.account ?? null,
    customerId: customerKeyOf(input.customer),
    customer,
    deliveryAddress: address,
    pickupTime: input.pickupTime ? parseInstant(input.pickupTime) : null,
    currency: input.currency ?? null,
    status: orderStatusCode('PLACED'),
    totalAmount: orderTotal(input.items),
    placedAt,
    createdAt: now,
    backfilled: command.placedAt !== undefined,
  };
  const items = input.items.map((item, index) => ({
    orderId,
    plu: item.plu,
    lineNo: index + 1,
    name: item.name,
    quantity: item.quantity,
    unitPrice: item.unitPrice == null ? null : moneyString(item.unitPrice),
    status: itemStatusCode('QUEUED'),
    addedAt: placedAt,
  }));
  const payments = (input.payments ?? []).map((p, index) => ({
    reference: p.reference,
    orderId,
    lineNo: index + 1,
    amount: moneyString(p.amount),
  }));
  // Item QUEUED entries start the items' time in status; they are implied by order.created, not events.
  const history: HistoryRow[] = [
    { orderId, plu: null, fromStatus: null, toStatus: order.status, at: placedAt, actor: caller.actor, sequence: 1 },
    ...items.map((item) => ({
      orderId,
      plu: item.plu,
      fromStatus: null,
      toStatus: item.status,
      at: placedAt,
      actor: caller.actor,
      sequence: null,
    })),
  ];
  const key = command.idempotencyKey ? { key: command.idempotencyKey, requestHash: command.requestHash, orderId } : null;
  return { command, key, order, items, payments, history, view: newOrderView(order, items, payments) };
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
