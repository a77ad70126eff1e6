import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '#contracts';
import type { Timeline } from './expected-figures.js';

const TERMINAL_ITEM = new Set(['READY', 'CANCELLED']);

/**
 * The CloudEvents the orders service would publish for a timeline: created, items added, item
 * changes, order changes with their cascades, and a refund request (a sequence number that
 * changes no figure).
 */
export function eventsOf(orderId: string, t: Timeline): CloudEvent[] {
  const events: CloudEvent[] = [];
  const push = (type: CloudEvent['type'], at: number, data: unknown) =>
    events.push({
      specversion: '1.0',
      id: randomUUID(),
      type,
      source: 'orders-service',
      subject: orderId,
      time: new Date(at).toISOString(),
      sequence: events.length + 1,
      datacontenttype: 'application/json',
      data: data as never,
    });
  const initial = t.lines.filter((l) => l.addedAt === undefined);
  const customer = t.customerKey?.startsWith('+')
    ? { id: null, name: null, phoneNumber: `${t.customerKey.slice(0, 4)} ${t.customerKey.slice(4)}` }
    : { id: t.customerKey, name: 'n', phoneNumber: null };
  push('order.created', t.placedAt, {
    id: orderId,
    brandId: t.brandId,
    customer,
    items: initial.map((l) => ({
      plu: l.plu,
      name: l.plu,
      quantity: l.quantity,
      unitPrice: l.unitPrice ?? null,
      status: 'QUEUED',
    })),
    status: 'PLACED',
    version: 1,
    placedAt: new Date(t.placedAt).toISOString(),
  });
  const items = new Map(initial.map((l) => [l.plu, 'QUEUED']));
  const steps = [
    ...t.lines.filter((l) => l.addedAt !== undefined).map((l) => ({ at: l.addedAt!, kind: 'add' as const, line: l })),
    ...t.changes.map((c) => ({ at: c.at, kind: 'order' as const, to: c.to })),
    ...(t.itemChanges ?? []).map((c) => ({ at: c.at, kind: 'item' as const, plu: c.plu, to: c.to })),
    ...(t.promises ?? []).map((p) => ({ at: p.at, kind: 'promise' as const, promisedReadyAt: p.promisedReadyAt })),
  ].sort((a, b) => a.at - b.at || Number(a.kind === 'promise') - Number(b.kind === 'promise'));
  let promised: string | null = null;
  let status = 'PLACED';
  for (const s of steps) {
    if (s.kind === 'promise') {
      const promisedReadyAt = new Date(s.promisedReadyAt).toISOString();
      push('order.promised_time_changed', s.at, {
        orderId,
        brandId: t.brandId,
        customerId: t.customerKey,
        promisedReadyAt,
        previous: promised,
        at: new Date(s.at).toISOString(),
        reason: null,
      });
      promised = promisedReadyAt;
    } else if (s.kind === 'add') {
      const { plu, quantity, unitPrice } = s.line;
      push('order.items_added', s.at, { orderId, items: [{ plu, name: plu, quantity, unitPrice: unitPrice ?? null }] });
      if (!items.has(plu)) items.set(plu, 'QUEUED');
    } else if (s.kind === 'item') {
      push('order.item_status_changed', s.at, {
        orderId,
        plu: s.plu,
        from: items.get(s.plu),
        to: s.to,
        at: new Date(s.at).toISOString(),
      });
      items.set(s.plu, s.to);
    } else {
      const at = new Date(s.at).toISOString();
      push('order.status_changed', s.at, {
        orderId,
        brandId: t.brandId,
        customerId: t.customerKey,
        from: status,
        to: s.to,
        at,
        reason: null,
      });
      status = s.to;
      const cascade = s.to === 'READY' ? 'READY' : s.to === 'CANCELLED' || s.to === 'REJECTED' ? 'CANCELLED' : null;
      for (const [plu, itemStatus] of cascade ? items : []) {
        if (TERMINAL_ITEM.has(itemStatus)) continue;
        push('order.item_status_changed', s.at, { orderId, plu, from: itemStatus, to: cascade, at });
        items.set(plu, cascade!);
      }
      if (s.to === 'CANCELLED')
        push('refund.requested', s.at, { refundId: randomUUID(), orderId, paymentReference: `pay-${orderId}`, amount: 1 });
    }
  }
  return events;
}
