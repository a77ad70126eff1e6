import type { CloudEvent } from '#contracts';
import { StreamHub } from './stream-hub.js';

const event = (
  id: string,
  orderId: string,
  type: CloudEvent['type'] = 'order.item_status_changed',
  brandId?: string,
): CloudEvent => ({ id, type, subject: orderId, data: brandId ? { orderId, brandId } : { orderId } }) as unknown as CloudEvent;
const ids = (events: CloudEvent[]) => events.map((e) => e.id);

describe('StreamHub', () => {
  it('fans out to matching subscribers until they unsubscribe', () => {
    const hub = new StreamHub();
    const all: string[] = [];
    const one: string[] = [];
    const a = hub.subscribe({}, (e) => all.push(e.id));
    hub.subscribe({ orderId: 'o1' }, (e) => one.push(e.id));
    hub.publish(event('e1', 'o1'));
    hub.publish(event('e2', 'o2'));
    a.unsubscribe();
    hub.publish(event('e3', 'o1'));
    expect(all).toEqual(['e1', 'e2']);
    expect(one).toEqual(['e1', 'e3']);
    expect(hub.subscribers).toBe(1);
  });

  it('replays what came after lastEventId, and reports a gap once it has been evicted', () => {
    const hub = new StreamHub(3);
    for (const id of ['e1', 'e2', 'e3']) hub.publish(event(id, 'o1'));
    expect(ids(hub.subscribe({}, () => {}, 'e1').missed)).toEqual(['e2', 'e3']);
    expect(hub.subscribe({}, () => {}, 'e3')).toMatchObject({ missed: [], gap: false });
    hub.publish(event('e4', 'o1'));
    expect(hub.subscribe({}, () => {}, 'e1')).toMatchObject({ missed: [], gap: true });
    expect(ids(hub.subscribe({}, () => {}, 'e2').missed)).toEqual(['e3', 'e4']);
    expect(hub.subscribe({}, () => {})).toMatchObject({ missed: [], gap: false });
  });

  it('drops a redelivered event id', () => {
    const hub = new StreamHub();
    const got: string[] = [];
    hub.subscribe({}, (e) => got.push(e.id));
    hub.publish(event('e1', 'o1'));
    hub.publish(event('e1', 'o1'));
    expect(got).toEqual(['e1']);
  });

  it('filters by brand through the brand remembered for the order, forgetting the oldest orders first', () => {
    const hub = new StreamHub(100, 2);
    const got: string[] = [];
    hub.subscribe({ brandId: 'b1' }, (e) => got.push(e.id));
    hub.publish(event('c1', 'o1', 'order.created', 'b1'));
    hub.publish(event('i1', 'o1'));
    hub.publish(event('c2', 'o2', 'order.created', 'b2'));
    hub.publish(event('c3', 'o3', 'order.status_changed', 'b1'));
    hub.publish(event('i2', 'o1'));
    expect(got).toEqual(['c1', 'i1', 'c3']);
  });
});
