import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** A sane caller-chosen id: letters, digits and `._:-`, 1 to 128 characters. */
const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const KEY = Symbol('correlationId');
type WithCorrelation = IncomingMessage & { [KEY]?: string };

/** Takes `X-Correlation-Id` when it is a sane token, else makes a UUID, and keeps it with the request. */
export function assignCorrelationId(req: IncomingMessage): string {
  const given = req.headers['x-correlation-id'];
  const id = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
  (req as WithCorrelation)[KEY] = id;
  return id;
}

/** The request's correlation id (`assignCorrelationId`), echoed on the response. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.setHeader(CORRELATION_ID_HEADER, assignCorrelationId(req));
  next();
}

/** The request's correlation id (set by `correlationIdMiddleware`; made up on the spot if it did not run). */
export function correlationIdOf(req: Request): string {
  const r = req as WithCorrelation;
  return (r[KEY] ??= randomUUID());
}

/** Parameter decorator: the request's correlation id. */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  correlationIdOf(ctx.switchToHttp().getRequest<Request>()),
);
