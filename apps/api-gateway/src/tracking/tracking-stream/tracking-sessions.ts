import type { OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { TrackedOrder, TrackingView } from '#contracts';
import { ORDER_STATUSES, orderMachine } from '#contracts/rules';
import { HEARTBEAT_MS, RETRY_MS } from '../../stream/sse-sessions.js';
import type { StreamHub } from '../../stream/stream-hub.js';

/** Open tracking streams one gateway instance holds; beyond, a new one is a 503 (the page falls back to reloading). */
export const MAX_TRACKING_STREAMS = 10_000;
/** Open streams of one link: a customer with a few tabs, not a flood holding sockets for one order. */
export const MAX_STREAMS_PER_LINK = 8;
/** Updates are small: a client this far behind is cut off and reconnects to the current state. */
const MAX_BUFFERED_BYTES = 256 * 1024;

const TERMINAL = new Set(ORDER_STATUSES.filter((s) => orderMachine.isTerminal(s)));
const EXPIRY_MARGIN_MS = 1_000;
/** setTimeout's longest delay; a longer TTL is waited out in several reads. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type TrackingRead = (digest: string) => Promise<TrackedOrder | null>;

export const updateFrame = (view: TrackingView): string => `event: update\ndata: ${JSON.stringify(view)}\n\n`;

/**
 * The tracking links' Server-Sent Events: each stream is a hub subscriber filtered to its order.
 * The order's events carry more than the link may show, so an event only prompts a fresh read of
 * the link (by its digest, so an expired link ends its stream), and a view that changed is sent.
 */
export class TrackingSessions implements OnModuleDestroy {
  private readonly open = new Set<Response>();
  private readonly perLink = new Map<string, number>();

  constructor(
    private readonly hub: StreamHub,
    private readonly read: TrackingRead,
    /** TRACKING_TTL_MS: a stream of an ended order reads its link again after this, and ends with it. */
    private readonly ttlMs: number,
    private readonly limits = { total: MAX_TRACKING_STREAMS, perLink: MAX_STREAMS_PER_LINK },
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  get count(): number {
    return this.open.size;
  }

  /** Whether a stream of this link may open now. */
  hasRoom(digest: string): boolean {
    return this.open.size < this.limits.total && (this.perLink.get(digest) ?? 0) < this.limits.perLink;
  }

  /** Starts the stream with the link's current view; every later change follows as an `update`. */
  start(req: Request, res: Response, digest: string, tracked: TrackedOrder): void {
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    let last = JSON.stringify(tracked.view);
    // An ended order has no more events to prompt a read: a timer reads the link once it should have expired.
    let expiry: NodeJS.Timeout | undefined;
    const watchExpiry = (view: TrackingView) => {
      if (expiry !== undefined || !TERMINAL.has(view.status)) return;
      expiry = setTimeout(
        () => {
          expiry = undefined;
          void refresh();
        },
        Math.min(this.ttlMs + EXPIRY_MARGIN_MS, MAX_TIMER_MS),
      );
      expiry.unref();
    };
    const send = (view: TrackingView) => {
      last = JSON.stringify(view);
      res.write(updateFrame(view));
      if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
    };
    res.write(`retry: ${RETRY_MS}\n\n`);
    send(tracked.view);

    // One read at a time; events arriving meanwhile ask for one more read after it.
    let reading = false;
    let again = false;
    const refresh = async (): Promise<void> => {
      if (reading) return void (again = true);
      reading = true;
      try {
        do {
          again = false;
          const now = await this.read(digest).catch(() => undefined);
          if (res.writableEnded) return;
          if (now === null) return void res.end();
          if (now && JSON.stringify(now.view) !== last) send(now.view);
          if (now) watchExpiry(now.view);
        } while (again);
      } finally {
        reading = false;
      }
    };
    const subscription = this.hub.subscribe({ orderId: tracked.orderId }, () => void refresh());
    // A change committed between the first read and the subscription would otherwise wait for the next one.
    void refresh();
    watchExpiry(tracked.view);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();
    this.open.add(res);
    this.perLink.set(digest, (this.perLink.get(digest) ?? 0) + 1);
    res.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      subscription.unsubscribe();
      this.open.delete(res);
      const left = (this.perLink.get(digest) ?? 1) - 1;
      if (left > 0) this.perLink.set(digest, left);
      else this.perLink.delete(digest);
    });
  }

  /** Open streams would keep the HTTP server from closing. */
  onModuleDestroy(): void {
    for (const res of this.open) res.end();
  }
}
