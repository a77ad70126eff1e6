import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** A sane caller-chosen id: letters, digits and `._:-`, 1 to 128 characters. */
const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const KEY = Symbol('correlationId');
type WithCorrelation = Request & { [KEY]?: string };

/** Takes `X-Correlation-Id` when it is a sane token, else makes a UUID; echoes it on the response. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-correlation-id'];
  const id = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
  (req as WithCorrelation)[KEY] = id;
  res.setHeader(CORRELATION_ID_HEADER, id);
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
