import type { CloudEvent, OrderUpdateChanges } from '#contracts';
import type * as z from 'zod';
import type { DetailChanges, Order, OrderEvent } from '../domain/order.js';
import { OutboxEvent } from '../outbox/outbox-event.js';
import { address, customerView, fulfillment, toOrderView } from './order-view.mapper.js';

/** An edit's changes as the wire shows them: in the order view's own shapes. */
function changesView(changes: DetailChanges): z.output<typeof OrderUpdateChanges> {
  return {
    ...(changes.customer !== undefined && { customer: customerView(changes.customer) }),
    ...(changes.deliveryAddress !== undefined && {
      deliveryAddress: changes.deliveryAddress && address(changes.deliveryAddress),
    }),
    ...(changes.pickupTime !== undefined && { pickupTime: changes.pickupTime?.toISOString() ?? null }),
    ...(changes.fulfillment !== undefined && { fulfillment: fulfillment(changes.fulfillment) }),
    ...(changes.scheduled !== undefined && { scheduled: changes.scheduled }),
    ...(changes.releaseAt !== undefined && { releaseAt: changes.releaseAt.toISOString() }),
  };
}

/**
 * The CloudEvents (CONTRACT section 4) of what a decision says happened. `order` is the order as
 * the decision left it: what order.created carries, and the brand and customer of a status change.
 * `traceparent` is the trace of the command that made the change, while tracing is on.
 */
export function toCloudEvents(
  events: readonly OrderEvent[],
  order: Order,
  correlationId: string,
  traceparent?: string,
): CloudEvent[] {
  return events.map((event) => {
    const common = { orderId: order.id, sequence: event.sequence, time: event.at.toISOString(), correlationId, traceparent };
    const ofOrder = { orderId: order.id, brandId: order.brandId, customerId: order.customerId };
    switch (event.type) {
      case 'order.placed':
        return OutboxEvent.create({ ...common, type: 'order.created', data: toOrderView(order) });
      case 'order.status_changed':
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: {
            ...ofOrder,
            from: event.from,
            to: event.to,
            at: common.time,
            reason: event.reason,
          },
        });
      case 'order.item_status_changed':
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: {
            orderId: order.id,
            plu: event.plu,
            from: event.from,
            to: event.to,
            at: common.time,
            ...(event.reason !== null && { reason: event.reason }),
            ...(event.totalAmount !== null && { totalAmount: event.totalAmount.toNumber() }),
          },
        });
      case 'order.item_quantity_changed':
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: {
            orderId: order.id,
            plu: event.plu,
            from: event.from,
            to: event.to,
            at: common.time,
            totalAmount: event.totalAmount.toNumber(),
          },
        });
      case 'order.updated':
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: { ...ofOrder, changes: changesView(event.changes), at: common.time },
        });
      case 'order.items_added':
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: {
            orderId: order.id,
            items: event.lines.map((l) => ({
              plu: l.plu,
              name: l.name,
              quantity: l.quantity,
              unitPrice: l.unitPrice?.toNumber() ?? null,
            })),
            totalAmount: event.totalAmount.toNumber(),
          },
        });
      case 'order.promised_time_changed':
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: {
            ...ofOrder,
            promisedReadyAt: event.promisedReadyAt.toISOString(),
            previous: event.previous?.toISOString() ?? null,
            at: common.time,
            reason: event.reason,
          },
        });
      case 'refund.requested': {
        const { refund } = event;
        return OutboxEvent.create({
          ...common,
          type: event.type,
          data: {
            refundId: refund.id,
            orderId: order.id,
            paymentReference: refund.paymentReference,
            amount: refund.amount.toNumber(),
            reason: refund.reason,
          },
        });
      }
    }
  });
}
