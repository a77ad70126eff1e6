import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  PROBLEM_CONTENT_TYPE,
  type ProblemDocument,
  ProblemException,
  ProblemTypes,
  problemTypeUri,
  statusSlug,
  statusTitle,
} from './problem.js';
import { CORRELATION_ID_HEADER } from './correlation-id.js';
import { DUPLICATE_MEMBER } from './duplicate-members.js';
import { INVALID_UTF8 } from './utf8-body.js';
import { allowedMethods } from './allowed-methods.js';

/** What body-parser / raw-body put on their errors (the `http-errors` shape). */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
  charset?: string;
  encoding?: string;
  body?: string;
  field?: string;
}

const isBodyParserError = (value: unknown): value is BodyParserError =>
  value instanceof Error && typeof (value as BodyParserError).type === 'string';

/**
 * Turns every error into an RFC 9457 problem document (`application/problem+json`).
 * Known HTTP errors keep their status; body-parser failures get their own types; anything
 * else is logged and answered with a generic 500 that leaks nothing.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const instance = (req.originalUrl ?? req.url ?? '').split('?')[0] || '/';

    const notFound = exception instanceof HttpException && exception.getStatus() === 404;
    const { problem, headers } = (notFound && methodNotAllowed(req, instance)) || this.toProblem(exception, req, instance);
    if (problem.instance !== undefined) problem.instance = withoutRefusedParameters(problem.instance, req, problem.errors);

    if (res.headersSent) {
      // Too late for a problem document: the status line has gone. Cut the response short.
      this.logger.warn(`${req.method} ${instance}: error after the response started: ${describe(exception)}`);
      res.destroy?.();
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Every 503 says when to come back, whichever layer raised it.
    if (problem.status === 503 && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', '1');
    res.setHeader('Cache-Control', 'no-store');
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(
    exception: unknown,
    req: Request,
    instance: string,
  ): { problem: ProblemDocument; headers: Record<string, string> } {
    if (exception instanceof ProblemException) {
      return { problem: exception.toDocument(instance), headers: exception.headers };
    }
    if (exception instanceof HttpException) {
      const cause = exception.cause;
      if (isBodyParserError(cause)) {
        const mapped = fromBodyParserError(cause, exception.getStatus());
        if (mapped) return { problem: mapped.toDocument(instance), headers: mapped.headers };
      }
      const status = exception.getStatus();
      if (status >= 500) this.logError(exception, req, instance);
      return { problem: fromHttpException(exception, instance), headers: {} };
    }
    if (exception instanceof Error && exception.name === 'TimeoutError') {
      // rxjs `timeout()` on an RPC: the backing service did not answer in time.
      this.logger.warn(`${req.method} ${instance}: ${exception.message}`);
      const problem = new ProblemException({
        status: 503,
        type: ProblemTypes.serviceUnavailable,
        detail: 'A backing service did not answer in time. Retry later.',
        headers: { 'Retry-After': '1' },
      });
      return { problem: problem.toDocument(instance), headers: problem.headers };
    }
    this.logError(exception, req, instance);
    return {
      problem: {
        type: problemTypeUri(ProblemTypes.internalError),
        title: statusTitle(500),
        status: 500,
        detail:
          'An unexpected error occurred. It has been logged; retry later or report it with the X-Correlation-Id of this response.',
        instance,
      },
      headers: {},
    };
  }

  private logError(exception: unknown, req: Request, instance: string): void {
    const correlationId = req.headers?.[CORRELATION_ID_HEADER.toLowerCase()] ?? '-';
    const stack = exception instanceof Error ? exception.stack : undefined;
    this.logger.error(`${req.method} ${instance} failed (correlation ${String(correlationId)}): ${describe(exception)}`, stack);
  }
}

/**
 * The path with each path parameter the problem refuses written as `{name}`: a value that is not
 * what the route expects may be anything the caller typed, a key or a token, and is not repeated.
 */
function withoutRefusedParameters(instance: string, req: Request, errors: ProblemDocument['errors']): string {
  const params = (req.params ?? {}) as Record<string, string>;
  const refused = new Map(
    (errors ?? []).filter((e) => typeof params[e.field] === 'string').map((e) => [params[e.field]!, e.field] as const),
  );
  if (refused.size === 0) return instance;
  return instance
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // Left as sent: Express could not have matched it to a parameter either.
      }
      const name = refused.get(decoded);
      return name === undefined ? segment : `{${name}}`;
    })
    .join('/');
}

/**
 * A 404 for a path that other methods answer: no route took the request, so it is a 405 with
 * `Allow` (RFC 9110 15.5.6). A route that took it keeps its own 404 (an unknown order).
 */
function methodNotAllowed(
  req: Request,
  instance: string,
): { problem: ProblemDocument; headers: Record<string, string> } | undefined {
  const allowed = allowedMethods(req);
  if (allowed.length === 0 || allowed.includes(req.method)) return undefined;
  const problem = new ProblemException({
    status: 405,
    detail: `${req.method} is not supported on ${instance}; it answers ${allowed.join(', ')}.`,
    headers: { Allow: allowed.join(', ') },
  });
  return { problem: problem.toDocument(instance), headers: problem.headers };
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}

/** 413 for a body over `limit` bytes (`length`: its size, where known). */
export function payloadTooLarge(limit: unknown, length?: unknown): ProblemException {
  return new ProblemException({
    status: 413,
    type: ProblemTypes.payloadTooLarge,
    detail:
      typeof limit === 'number'
        ? `The request body${typeof length === 'number' ? ` (${length} bytes)` : ''} exceeds the limit of ${limit} bytes.`
        : 'The request body is too large.',
    extensions: typeof limit === 'number' ? { limit } : {},
  });
}

function fromBodyParserError(error: BodyParserError, status: number): ProblemException | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ProblemException({
        status: 400,
        type: ProblemTypes.malformedJson,
        title: 'Malformed JSON body',
        detail: `The request body is not valid JSON: ${error.message}`,
      });
    case 'entity.too.large':
      return payloadTooLarge(error.limit, error.length);
    case INVALID_UTF8:
      return ProblemException.validation(
        [{ field: error.field ?? '', message: `${error.field || 'the body'} is not valid UTF-8` }],
        `${error.message}; send the body as UTF-8.`,
      );
    case DUPLICATE_MEMBER: {
      // A member name is input: named, but never at a length that could carry a pasted credential whole.
      const field = (error.field ?? '').slice(0, 100);
      return ProblemException.validation(
        [{ field, message: `${field} is given more than once` }],
        `${field} is given more than once in the request body; give each member once.`,
      );
    }
    case 'encoding.unsupported':
      return new ProblemException({
        status: 415,
        type: ProblemTypes.unsupportedMediaType,
        detail: `Unsupported Content-Encoding "${error.encoding ?? ''}"; send the body uncompressed (identity), gzip, deflate or br.`,
      });
    case 'charset.unsupported':
      return new ProblemException({
        status: 415,
        type: ProblemTypes.unsupportedMediaType,
        detail: `Unsupported charset "${error.charset ?? ''}"; send JSON as UTF-8.`,
      });
    case 'request.size.invalid':
    case 'request.aborted':
      return new ProblemException({ status, detail: error.message || 'The request body was incomplete.' });
    default:
      return undefined;
  }
}

function fromHttpException(exception: HttpException, instance: string): ProblemDocument {
  const status = exception.getStatus();
  const body = exception.getResponse();
  let detail = '';
  const extensions: Record<string, unknown> = {};
  if (typeof body === 'string') {
    detail = body;
  } else if (body && typeof body === 'object') {
    const {
      message,
      detail: d,
      error: _error,
      statusCode: _statusCode,
      type: _t,
      title: _ti,
      status: _s,
      instance: _i,
      ...rest
    } = body as Record<string, unknown>;
    if (typeof d === 'string') detail = d;
    else if (Array.isArray(message)) detail = message.map(String).join('; ');
    else if (typeof message === 'string') detail = message;
    Object.assign(extensions, rest);
  }
  if (status >= 500 && status !== 503 && status !== 504) {
    // A server fault: its message may hold internals.
    detail = 'An unexpected error occurred. It has been logged; retry later.';
  }
  if (status === 404 && /^Cannot [A-Z]+ /.test(detail)) {
    detail = `No route matches ${detail.replace(/^Cannot /, '')}.`;
  }
  return {
    type: problemTypeUri(statusSlug(status)),
    title: statusTitle(status),
    status,
    detail: detail.trim() || statusTitle(status),
    instance,
    ...extensions,
  };
}
