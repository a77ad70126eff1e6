import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { activeTracer } from './tracing.js';

/**
 * A SERVER span for each request, a child of the caller's `traceparent` when it sends one, named by
 * its route template (`POST /v1/orders`; never the raw path, which may hold a tracking token or an
 * id). The handler runs with it in progress, so the commands it sends carry it on.
 *
 * Registered after the body parsers: a body is read in the socket's callbacks, which do not carry
 * the context set here.
 */
export function traceHttpRequests(req: Request, res: Response, next: NextFunction): void {
  const tracer = activeTracer();
  if (!tracer) return next();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.once('close', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    if (route) {
      span.setAttribute('http.route', `${req.baseUrl}${route}`);
      span.updateName(`${req.method} ${req.baseUrl}${route}`);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
