import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import type { CloudEvent } from '#contracts';
import { SseSessions } from './sse-sessions.js';
import { StreamHub } from './stream-hub.js';

const fakeResponse = () => {
  const res = Object.assign(new EventEmitter(), {
    written: '',
    ended: false,
    writableLength: 0,
    status: () => res,
    setHeader: () => res,
    flushHeaders: () => {},
    write: (chunk: string) => ((res.written += chunk), true),
    end: () => ((res.ended = true), res.emit('close')),
  });
  return res;
};
const fakeRequest = () => ({ socket: { setTimeout: () => {}, setNoDelay: () => {} } }) as unknown as Request;
const event = { id: 'e1', type: 'order.items_added', subject: 'o1', data: { orderId: 'o1', items: [] } } as unknown as CloudEvent;

describe('SseSessions', () => {
  afterEach(() => jest.useRealTimers());

  it('sends a heartbeat comment on its interval, and unsubscribes and stops it on disconnect', () => {
    jest.useFakeTimers();
    const hub = new StreamHub();
    const sessions = new SseSessions(hub, 1_000);
    const res = fakeResponse();
    sessions.start(fakeRequest(), res as unknown as Response, {});
    hub.publish(event);
    jest.advanceTimersByTime(2_100);
    expect(res.written).toBe(
      `retry: 2000\n: connected\n\nid: e1\nevent: order.items_added\ndata: ${JSON.stringify(event)}\n\n: heartbeat\n\n: heartbeat\n\n`,
    );
    res.emit('close');
    expect(hub.subscribers).toBe(0);
    jest.advanceTimersByTime(5_000);
    expect(res.written.match(/heartbeat/g)).toHaveLength(2);
  });

  it('ends every open stream when the module is destroyed, so the HTTP server can close', () => {
    const hub = new StreamHub();
    const sessions = new SseSessions(hub);
    const [a, b] = [fakeResponse(), fakeResponse()];
    sessions.start(fakeRequest(), a as unknown as Response, {});
    sessions.start(fakeRequest(), b as unknown as Response, { orderId: 'o1' });
    sessions.onModuleDestroy();
    expect([a.ended, b.ended, hub.subscribers]).toEqual([true, true, 0]);
  });
});
