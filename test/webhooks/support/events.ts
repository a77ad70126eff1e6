import { randomUUID } from 'node:crypto';
import type { CloudEvent, OrderEventType } from '#contracts';

/** Events of one order, numbered from 1 as the orders service numbers them; each carries the brand. */
export function orderEvents(brandId: string, count: number, type: OrderEventType = 'order.status_changed'): CloudEvent[] {
  const orderId = randomUUID();
  return Array.from({ length: count }, (_, i) => ({
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: 'orders-service',
    subject: orderId,
    time: new Date().toISOString(),
    sequence: i + 1,
    datacontenttype: 'application/json',
    data: { orderId, brandId, step: i + 1 } as unknown as CloudEvent['data'],
  }));
}
