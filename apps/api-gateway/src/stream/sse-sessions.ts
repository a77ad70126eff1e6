import type { OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CloudEvent } from '#contracts';
import type { StreamFilter, StreamHub } from './stream-hub.js';

export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 2_000;
/** A client this far behind is cut off; it resumes with Last-Event-ID instead of growing our memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export const sseFrame = (event: CloudEvent): string =>
  `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** The open Server-Sent Events responses: each one a hub subscriber with a heartbeat. */
export class SseSessions implements OnModuleDestroy {
  private readonly open = new Set<Response>();

  constructor(
    private readonly hub: StreamHub,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  start(req: Request, res: Response, filter: StreamFilter, lastEventId?: string): void {
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    // Tells nginx-style proxies not to buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    const send = (event: CloudEvent) => {
      res.write(sseFrame(event));
      if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
    };
    const subscription = this.hub.subscribe(filter, send, lastEventId);
    res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    if (subscription.gap) {
      res.write(
        `event: gap\ndata: ${JSON.stringify({ lastEventId, detail: 'Events after lastEventId are no longer buffered; some may be missing.' })}\n\n`,
      );
    }
    subscription.missed.forEach(send);

    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();
    this.open.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
      this.open.delete(res);
    });
  }

  /** Open streams would keep the HTTP server from closing. */
  onModuleDestroy(): void {
    for (const res of this.open) res.end();
  }
}
