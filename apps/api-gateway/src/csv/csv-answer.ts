import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { ProblemException } from '#http';
import { CSV_CONTENT_TYPE, csvOf } from './csv.js';

/** How a route's JSON answer becomes CSV: the columns, and the rows of the view. */
interface CsvShape {
  columns: readonly string[];
  rows: (view: never) => readonly object[];
}

const CSV_SHAPE = Symbol('csv-shape');
/** A route that writes CSV itself (an export): it never answers JSON. */
const CSV_ONLY = Symbol('csv-only');

/**
 * The route also answers `Accept: text/csv` (CONTRACT section 10): a header row of `columns`
 * (the rows' JSON member names), then one record per row. Documents both media types.
 */
export function CsvAnswer<V>(schema: Type, columns: readonly string[], rows: (view: V) => readonly object[]) {
  return applyDecorators(
    SetMetadata(CSV_SHAPE, { columns, rows } satisfies CsvShape),
    ApiExtraModels(schema),
    ApiOkResponse({
      description: `JSON, or with \`Accept: text/csv\` RFC 4180 CSV with the header \`${columns.join(',')}\`.`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(schema) } },
        'text/csv': { schema: { type: 'string' }, example: `${columns.join(',')}\r\n` },
      },
    }),
  );
}

/** Marks a route that streams CSV whatever the Accept header says. */
export const CsvOnly = () => SetMetadata(CSV_ONLY, true);

/** True when the caller prefers CSV to JSON (`Accept: text/csv`, or CSV with the higher q). */
export const prefersCsv = (req: Request): boolean =>
  req.headers.accept !== undefined && req.accepts(['application/json', 'application/problem+json', 'text/csv']) === 'text/csv';

/**
 * Content negotiation for every route: CSV where the route has a CSV shape, a 406 problem where
 * it has none, before the handler runs (nothing is asked or written). Other Accept values are left
 * to the route, as before (the stream answers text/event-stream).
 */
@Injectable()
export class CsvNegotiationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const shape = this.reflector.getAllAndOverride<CsvShape | undefined>(CSV_SHAPE, targets);
    if (shape) http.getResponse<Response>().vary('Accept');
    if (!prefersCsv(req) || this.reflector.getAllAndOverride<boolean>(CSV_ONLY, targets)) return next.handle();
    if (!shape) {
      throw new ProblemException({
        status: 406,
        detail:
          'Accept asks for text/csv, and this route answers application/json only; CSV is offered by the analytics figures and the orders export.',
      });
    }
    return next.handle().pipe(
      map((view: unknown) => {
        http.getResponse<Response>().type(CSV_CONTENT_TYPE);
        return csvOf(shape.columns, shape.rows(view as never));
      }),
    );
  }
}
