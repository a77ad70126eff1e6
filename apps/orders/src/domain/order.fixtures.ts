import type { CreateOrderCommand, OrderItemDto } from '#contracts';
import { placeOrder } from './place-order.js';
import type { Order } from './order.js';

/** Orders for the domain's unit specs, placed through placeOrder itself. */

export const ORDER_ID = '00000000-0000-4000-8000-000000000001';
export const PLACED_AT = new Date('2026-01-01T12:00:00.000Z');
export const staff = { role: 'staff', actor: 'staff:anna' };

export function createCommand(overrides: Partial<CreateOrderCommand['order']> = {}, extra: Partial<CreateOrderCommand> = {}) {
  const items: OrderItemDto[] = [
    { plu: 'P-1', name: 'Burger', quantity: 2, unitPrice: 12.5 },
    { plu: 'P-2', name: 'Fries', quantity: 3, unitPrice: 0.1 },
  ];
  return {
    orderId: ORDER_ID,
    order: {
      channelOrderId: 'CH-1',
      brandId: 'brand-1',
      customer: { id: 'c-42', name: 'John Doe' },
      items,
      payments: [
        { reference: 'pay-1', amount: 20 },
        { reference: 'pay-2', amount: 5.3 },
      ],
      ...overrides,
    },
    requestHash: 'hash',
    trackingToken: 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe',
    caller: { role: 'channel', actor: 'channel:test' },
    correlationId: 'corr',
    ...extra,
  } satisfies CreateOrderCommand;
}

/** A PLACED order, or one already in `status` (set directly: the specs of each rule decide from there). */
export function anOrder(changes: Partial<Order> = {}, overrides: Partial<CreateOrderCommand['order']> = {}): Order {
  const placed = placeOrder(createCommand(overrides), PLACED_AT);
  if (!placed.ok) throw new Error(placed.error.detail);
  return { ...placed.value.order, ...changes };
}

export const after = (ms: number, from = PLACED_AT): Date => new Date(from.getTime() + ms);
