import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { CORRELATION_ID_HEADER } from './correlation-id.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem.js';

/** OpenAPI schema of `errors[]` entries. */
export class FieldErrorSchema {
  @ApiProperty({ example: 'items.0.quantity', description: 'Dotted path of the offending field, parameter or header.' })
  field: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  message: string;
}

/** OpenAPI schema of an RFC 9457 problem document. */
export class ProblemSchema {
  @ApiProperty({
    format: 'uri',
    example: `${PROBLEM_TYPE_BASE}validation-error`,
    description: `A URI under ${PROBLEM_TYPE_BASE}.`,
  })
  type: string;

  @ApiProperty({ example: 'Your request is not valid' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'Invalid request: items.0.quantity: quantity must not be less than 1', description: 'Never empty.' })
  detail: string;

  @ApiProperty({ example: '/v1/orders', description: 'The request path.' })
  instance: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Validation problems only.' })
  errors?: FieldErrorSchema[];
}

/** A 409 illegal transition. */
export class TransitionProblemSchema extends ProblemSchema {
  @ApiProperty({ example: 'PICKED_UP' })
  from: string;

  @ApiProperty({ example: 'ACCEPTED' })
  to: string;

  @ApiProperty({ type: [String], example: [], description: 'The statuses allowed from `from`.' })
  allowed: string[];
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`validation-error`, `malformed-json`); `errors` names the fields.',
  401: 'Missing or unknown API key.',
  403: 'The key’s role may not do this.',
  404: 'Not found.',
  406: '`Accept: text/csv` on a route that answers JSON only.',
  409: 'Conflict.',
  412: 'If-Match names a stale version.',
  413: 'Body larger than the limit.',
  415: 'Body is not application/json.',
  500: 'Unexpected error (logged; nothing is leaked).',
  503: 'A backing service did not answer in time.',
};

/** Documents problem responses: `ApiProblems(400, 404)` or `ApiProblems({ status: 409, description, schema, example })`. */
export function ApiProblems(
  ...responses: (number | { status: number; description?: string; schema?: new () => ProblemSchema; example?: object })[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemSchema, TransitionProblemSchema, FieldErrorSchema),
    ...responses.map((r) => {
      const { status, description, schema, example } = typeof r === 'number' ? { status: r } : r;
      return ApiResponse({
        status,
        description: description ?? DEFAULT_DESCRIPTIONS[status] ?? 'Problem.',
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(schema ?? ProblemSchema) }, ...(example ? { example } : {}) },
        },
      });
    }),
  );
}

/** Documents the optional `X-Correlation-Id` request header (echoed on every response). */
export const ApiCorrelationHeader = (): MethodDecorator & ClassDecorator =>
  ApiHeader({
    name: CORRELATION_ID_HEADER,
    required: false,
    description:
      'Up to 128 of [A-Za-z0-9._:-], starting with a letter or digit; otherwise one is generated. Echoed on the response.',
  });

/**
 * Documents a conditional read: the optional `If-None-Match` request header and its 304 answer.
 * Express evaluates it (the `fresh` package) against the response's `ETag`, after the handler ran.
 */
export const ApiConditionalRead = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description:
        'ETags from earlier answers, comma-separated, weak (`W/"…"`) or strong, or `*`. When one matches the current ' +
        'ETag (weak comparison, RFC 9110 13.1.2) the answer is a 304 without a body; `*` matches any existing representation.',
    }),
    ApiResponse({
      status: 304,
      description: 'Not modified: `If-None-Match` matched the current ETag, which the response repeats.',
      headers: { ETag: { description: 'The current ETag.', schema: { type: 'string' } } },
    }),
  );
