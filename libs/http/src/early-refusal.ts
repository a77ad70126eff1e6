import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { assignCorrelationId, CORRELATION_ID_HEADER } from './correlation-id.js';
import { corsHeadersFor } from './cors.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument, problemTypeUri, statusSlug, statusTitle } from './problem.js';

/** A refusal decided from the request line and headers alone. */
export interface EarlyRefusal {
  status: number;
  detail: string;
  /** Response headers besides those every answer carries (`Retry-After`, …). */
  headers: Record<string, string>;
}

/**
 * Looks at a request before the app does: a refusal to answer at once, or undefined to hand the
 * request on (headers it set on `res` stay on the app's answer). `path` is the URL's path.
 */
export type RefuseEarly = (req: IncomingMessage, res: ServerResponse, path: string) => EarlyRefusal | undefined;

/**
 * Runs `refuse` on the raw HTTP server, ahead of the app's whole middleware pipeline: a request it
 * refuses costs a header lookup and one write, which is what lets a key flooding the server be
 * answered without taking the time of every other caller. The answer keeps what every answer of the
 * app carries: a problem document, `X-Correlation-Id` (as `correlationIdMiddleware` chooses it) and,
 * for a listed origin, the CORS headers. The body is never read; Node discards it and keeps the
 * connection. Call it before `listen()`; a second listener of the app must take its handler from
 * `server.listeners('request')` to share it.
 */
export function refuseBeforeApp(app: INestApplication, refuse: RefuseEarly, corsOrigins: readonly string[] = []): void {
  const server = app.getHttpServer() as Server;
  const handlers = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req.url ?? '/');
    const refusal = refuse(req, res, path);
    if (!refusal) {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    const document: ProblemDocument = {
      type: problemTypeUri(statusSlug(refusal.status)),
      title: statusTitle(refusal.status),
      status: refusal.status,
      detail: refusal.detail,
      instance: path,
    };
    const body = JSON.stringify(document);
    res.writeHead(refusal.status, {
      ...refusal.headers,
      ...corsHeadersFor(corsOrigins, req.headers.origin),
      [CORRELATION_ID_HEADER]: assignCorrelationId(req),
      'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  });
}

/** The path of a request target in origin form (`/a/b?c`) or absolute form (`http://h/a/b?c`), as Express reads it. */
function pathOf(url: string): string {
  if (url.startsWith('/')) {
    const query = url.indexOf('?');
    return query === -1 ? url : url.slice(0, query);
  }
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
