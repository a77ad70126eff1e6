import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import type { CloudEvent, TrackedOrder, TrackingView } from '#contracts';
import { StreamHub } from '../../stream/stream-hub.js';
import { TrackingSessions } from './tracking-sessions.js';

const fakeResponse = () => {
  const res = Object.assign(new EventEmitter(), {
    written: '',
    writableEnded: false,
    writableLength: 0,
    status: () => res,
    setHeader: () => res,
    flushHeaders: () => {},
    write: (chunk: string) => ((res.written += chunk), true),
    end: () => ((res.writableEnded = true), res.emit('close')),
  });
  return res;
};
const fakeRequest = () => ({ socket: { setTimeout: () => {}, setNoDelay: () => {} } }) as unknown as Request;
const view = (status: TrackingView['status']): TrackingView => ({
  status,
  fulfillment: { mode: 'PICKUP' },
  placedAt: '2026-05-01T12:00:00.000Z',
  scheduled: false,
  pickupTime: null,
  promisedReadyAt: null,
  items: [{ name: 'Soup', quantity: 1, status: 'QUEUED' }],
  updatedAt: '2026-05-01T12:00:00.000Z',
});
const tracked = (status: TrackingView['status']): TrackedOrder => ({ orderId: 'o1', view: view(status) });
const event = (id: string) =>
  ({ id, type: 'order.status_changed', subject: 'o1', data: { orderId: 'o1' } }) as unknown as CloudEvent;
const updates = (written: string) => [...written.matchAll(/event: update\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!).status);
const settle = () => new Promise((r) => setImmediate(r));

describe('TrackingSessions', () => {
  afterEach(() => jest.useRealTimers());

  it('opens with the current view and sends a view again only when an event changed it', async () => {
    const hub = new StreamHub();
    let current: TrackedOrder | null = tracked('PLACED');
    const sessions = new TrackingSessions(hub, async () => current, 60_000);
    const res = fakeResponse();
    sessions.start(fakeRequest(), res as unknown as Response, 'd1', tracked('PLACED'));
    await settle();
    hub.publish(event('e1'));
    await settle();
    current = tracked('ACCEPTED');
    hub.publish(event('e2'));
    await settle();
    expect(res.written.startsWith('retry: 2000\n\n')).toBe(true);
    expect(updates(res.written)).toEqual(['PLACED', 'ACCEPTED']);
  });

  it('ends the stream once the link reads as gone, and forgets the stream', async () => {
    const hub = new StreamHub();
    let current: TrackedOrder | null = tracked('PLACED');
    const sessions = new TrackingSessions(hub, async () => current, 60_000);
    const res = fakeResponse();
    sessions.start(fakeRequest(), res as unknown as Response, 'd1', tracked('PLACED'));
    await settle();
    current = null;
    hub.publish(event('e1'));
    await settle();
    expect([res.writableEnded, sessions.count, hub.subscribers]).toEqual([true, 0, 0]);
  });

  it('reads an ended order’s link again after TRACKING_TTL_MS, with no event to prompt it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const hub = new StreamHub();
    const read = jest.fn(async () => tracked('CANCELLED') as TrackedOrder | null);
    const sessions = new TrackingSessions(hub, read, 5_000);
    const res = fakeResponse();
    sessions.start(fakeRequest(), res as unknown as Response, 'd1', tracked('CANCELLED'));
    await settle();
    read.mockResolvedValue(null);
    jest.advanceTimersByTime(6_000);
    await settle();
    expect(res.writableEnded).toBe(true);
  });

  it('bounds the streams per link and in all', () => {
    const sessions = new TrackingSessions(new StreamHub(), async () => tracked('PLACED'), 60_000, { total: 3, perLink: 2 });
    const open = (digest: string) =>
      sessions.start(fakeRequest(), fakeResponse() as unknown as Response, digest, tracked('PLACED'));
    open('d1');
    open('d1');
    expect([sessions.hasRoom('d1'), sessions.hasRoom('d2')]).toEqual([false, true]);
    open('d2');
    expect(sessions.hasRoom('d3')).toBe(false);
    sessions.onModuleDestroy();
    expect([sessions.count, sessions.hasRoom('d1')]).toEqual([0, true]);
  });
});
