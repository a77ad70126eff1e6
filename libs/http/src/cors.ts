import type { CorsOptionsDelegate } from '@nestjs/common/interfaces/external/cors-options.interface.js';
import type { NextFunction, Request, Response } from 'express';
import { allowedMethods } from './allowed-methods.js';
import { CORRELATION_ID_HEADER } from './correlation-id.js';

/** Request headers a browser may send: credentials, JSON bodies, idempotency and conditional requests, stream resumption. */
export const CORS_REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'If-None-Match',
  'Last-Event-ID',
  CORRELATION_ID_HEADER,
];

/** Response headers a browser script may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'Allow', CORRELATION_ID_HEADER];

/** How long a browser may reuse a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Options for Nest's `enableCors` (the `cors` package), per request: an `Origin` on the list (or
 * any, with `*`) gets the CORS headers, and a preflight the methods its path answers; any other
 * request passes on untouched, so the browser keeps a foreign page from reading the answer.
 * Keys travel in `Authorization`, never in cookies, so credentials mode stays off.
 */
export function corsOptionsFor(origins: readonly string[]): CorsOptionsDelegate<Request> {
  const anyOrigin = origins.includes('*');
  return (req, callback) => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, { origin: false });
    (req.res as Response | undefined)?.vary('Origin');
    const methods = req.method === 'OPTIONS' ? allowedMethods(req) : [];
    const listed = anyOrigin || origins.includes(origin);
    if (!listed || (req.method === 'OPTIONS' && methods.length === 0)) return callback(null, { origin: false });
    callback(null, {
      origin: anyOrigin ? '*' : origin,
      methods,
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: CORS_MAX_AGE_SECONDS,
      credentials: false,
      optionsSuccessStatus: 204,
    });
  };
}

/**
 * The CORS headers `corsOptionsFor` has the `cors` package put on an answer other than a preflight,
 * for an answer written without it (a refusal on the raw server, before the app).
 */
export function corsHeadersFor(origins: readonly string[], origin: string | undefined): Record<string, string> {
  if (!origins.length || origin === undefined) return {};
  const anyOrigin = origins.includes('*');
  if (!anyOrigin && !origins.includes(origin)) return { Vary: 'Origin' };
  return {
    Vary: 'Origin',
    'Access-Control-Allow-Origin': anyOrigin ? '*' : origin,
    'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(','),
  };
}

/**
 * `OPTIONS` on a path the app serves, when no CORS preflight answered it: 204 with `Allow`
 * (RFC 9110 9.3.7). Other paths go on to the 404.
 */
export function answerOptions(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'OPTIONS') return next();
  const allowed = allowedMethods(req);
  if (allowed.length === 0) return next();
  res.setHeader('Allow', allowed.join(', '));
  res.setHeader('Content-Length', '0');
  res.status(204).end();
}
