import type { OrderView } from '#contracts';
import type { Fulfillment } from '../domain/fulfillment.js';
import type { Address, Customer, Order } from '../domain/order.js';
import { paidAmount, refundedAmount } from '../domain/order-amounts.js';

/**
 * The order as the contract shows it: the one place its money becomes JSON numbers and its instants
 * ISO strings. `archived`: read from the archive, where orders finished long ago are kept.
 */
export function toOrderView(order: Order, archived = false): OrderView {
  return {
    id: order.id,
    channelOrderId: order.channelOrderId,
    brandId: order.brandId,
    account: order.account,
    customer: customerView(order.customer),
    deliveryAddress: order.deliveryAddress && address(order.deliveryAddress),
    fulfillment: fulfillment(order.fulfillment),
    pickupTime: order.pickupTime?.toISOString() ?? null,
    scheduled: order.scheduled,
    releaseAt: order.releaseAt.toISOString(),
    promisedReadyAt: order.promisedReadyAt?.toISOString() ?? null,
    items: order.items.map((i) => ({
      plu: i.plu,
      name: i.name,
      quantity: i.quantity,
      unitPrice: i.unitPrice?.toNumber() ?? null,
      status: i.status,
    })),
    payments: order.payments.map((p) => ({ reference: p.reference, amount: p.amount.toNumber() })),
    currency: order.currency,
    status: order.status,
    version: order.version,
    totalAmount: order.totalAmount.toNumber(),
    paidAmount: paidAmount(order).toNumber(),
    refundedAmount: refundedAmount(order).toNumber(),
    placedAt: order.placedAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    archived,
  };
}

export const customerView = (customer: Customer): OrderView['customer'] => ({
  id: customer.id ?? null,
  name: customer.name ?? null,
  phoneNumber: customer.phoneNumber ?? null,
});

/** Stored as jsonb, which keeps keys in its own order: answer in the order the contract documents them. */
export function address({ city, street, postalCode }: Address): Address {
  return {
    ...(city !== undefined && { city }),
    ...(street !== undefined && { street }),
    ...(postalCode !== undefined && { postalCode }),
  };
}

export function fulfillment({ mode, table, vehicle }: Fulfillment): Fulfillment {
  return { mode, ...(table !== undefined && { table }), ...(vehicle !== undefined && { vehicle }) };
}
