import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { correlationIdMiddleware } from './correlation-id.js';
import { ifNoneMatchAlone } from './conditional-request.js';
import { answerOptions, corsOptionsFor } from './cors.js';
import { ProblemException, ProblemTypes } from './problem.js';
import { payloadTooLarge, ProblemFilter } from './problem.filter.js';
import { requireDecodableQuery } from './query-encoding.js';
import { refuseDuplicateMembers } from './duplicate-members.js';
import { requireValidUtf8 } from './utf8-body.js';
import { createValidationPipe } from './validation.js';

/** A larger body limit for the routes that take one: `method` and a pattern of the path (without the query). */
export interface RouteBodyLimit {
  method: string;
  path: RegExp;
  /** Bytes. */
  limit: number;
}

export interface HttpAppOptions {
  /** Largest accepted request body in bytes, on routes `bodyLimits` does not name. Default 1 MB. */
  bodyLimit?: number;
  /** Routes with a limit of their own, the first match wins. */
  bodyLimits?: readonly RouteBodyLimit[];
  /** Accept a JSON array (or any non-object) as the whole body. Default false: bodies are objects. */
  allowNonObjectBodies?: boolean;
  /** Middleware that may answer before the body is read (load shedding), after the correlation id is set. */
  beforeBody?: RequestHandler[];
  /** Origins browsers may call from (`*`: any); empty or absent: no CORS headers at all. */
  corsOrigins?: readonly string[];
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The media types parsed as JSON: `application/json` and `application/*+json`. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/**
 * A body that is not JSON, or JSON in a charset other than UTF-8 (RFC 8259 8.1), is a 415, before
 * anything reads it: nothing is decoded by guess.
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1];
  if (hasBody(req) && charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    next(
      new ProblemException({
        status: 415,
        type: ProblemTypes.unsupportedMediaType,
        detail: `Unsupported charset "${charset.slice(0, 40)}"; send JSON as UTF-8.`,
        headers: { 'Accept-Post': 'application/json', 'Accept-Patch': 'application/json' },
      }),
    );
    return;
  }
  if (hasBody(req) && !req.is(JSON_MEDIA_TYPES)) {
    const given = req.headers['content-type'];
    next(
      new ProblemException({
        status: 415,
        type: ProblemTypes.unsupportedMediaType,
        detail: given
          ? `Content-Type "${given.slice(0, 100)}" is not supported; send application/json.`
          : 'A request body needs Content-Type: application/json.',
        headers: { 'Accept-Post': 'application/json', 'Accept-Patch': 'application/json' },
      }),
    );
    return;
  }
  next();
}

/** A parsed body that is not a JSON object (an array) is a 400 naming the body. */
export function requireObjectBody(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    next(
      ProblemException.validation(
        [{ field: '', message: 'the request body must be a JSON object' }],
        'The request body must be a JSON object.',
      ),
    );
    return;
  }
  next();
}

const jsonParser = (limit: number): RequestHandler => {
  const parse = express.json({
    limit,
    type: JSON_MEDIA_TYPES,
    strict: true,
    verify: (_req, _res, body, encoding) => {
      requireValidUtf8(body, encoding);
      refuseDuplicateMembers(body);
    },
  });
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      // Refused on its declared length, unread: the parser would read (and drop) the whole body first.
      // The connection closes after the answer, so the rest of the body is never taken in either.
      res.setHeader('Connection', 'close');
      next(payloadTooLarge(limit, declared));
      return;
    }
    parse(req, res, next);
  };
};

/** JSON bodies up to the limit of their route: what a route can legitimately take, and never the largest of all. */
function jsonBodyParser(fallback: number, routes: readonly RouteBodyLimit[]): RequestHandler {
  const parsers = routes.map((route) => ({ ...route, parse: jsonParser(route.limit) }));
  const parseOther = jsonParser(fallback);
  return (req, res, next) => {
    const route = parsers.find((r) => r.method === req.method && r.path.test(req.path));
    (route?.parse ?? parseOther)(req, res, next);
  };
}

/**
 * The shared HTTP set-up of every app. Call it before `init()`/`listen()`, on an app created with
 * `{ bodyParser: false }` (Nest's own parsers would otherwise take url-encoded bodies too and
 * limit JSON to 100 kB): correlation ids, JSON-only body parsing with a size limit, the problem
 * filter, the validation pipe, no `X-Powered-By`; CORS for the listed origins, `OPTIONS` answered
 * with `Allow`, `If-None-Match` evaluated as RFC 9110 says, and a wrong method on a served path a
 * 405 (in the problem filter).
 */
export function configureHttpApp<T extends INestApplication>(app: T, options: HttpAppOptions = {}): T {
  const express_ = app as unknown as NestExpressApplication;
  express_.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  if (options.corsOrigins?.length) app.enableCors(corsOptionsFor(options.corsOrigins));
  app.use(answerOptions);
  app.use(ifNoneMatchAlone);
  for (const handler of options.beforeBody ?? []) app.use(handler);
  app.use(requireDecodableQuery);
  app.use(requireJsonBody);
  app.use(jsonBodyParser(options.bodyLimit ?? DEFAULT_BODY_LIMIT, options.bodyLimits ?? []));
  if (!options.allowNonObjectBodies) app.use(requireObjectBody);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  return app;
}
