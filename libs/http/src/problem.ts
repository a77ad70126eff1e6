import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/**
 * RFC 9457 problem documents. Every `type` is `PROBLEM_TYPE_BASE` + a slug: the specific slugs
 * below, or for any other status the slug of its reason phrase (`not-found`, `unauthorized`, …).
 */
export const PROBLEM_TYPE_BASE = 'https://problems.orders.dev/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemTypes = {
  validationError: 'validation-error',
  malformedJson: 'malformed-json',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  illegalTransition: 'illegal-transition',
  versionMismatch: 'version-mismatch',
  duplicatePayment: 'duplicate-payment',
  idempotencyConflict: 'idempotency-conflict',
  /** The brand is PAUSED: it takes no orders now (`until` says till when). */
  storePaused: 'store-paused',
  /** The order holds PLUs the brand has snoozed (`plus`). */
  itemsUnavailable: 'items-unavailable',
  invalidCursor: 'invalid-cursor',
  serviceUnavailable: 'service-unavailable',
  internalError: 'internal-error',
  orderNotOpen: 'order-not-open',
  itemMismatch: 'item-mismatch',
  refundNotPending: 'refund-not-pending',
  promiseNotOpen: 'promise-not-open',
  itemNotOpen: 'item-not-open',
  refundNotPossible: 'refund-not-possible',
} as const;

export const problemTypeUri = (slug: string): string => `${PROBLEM_TYPE_BASE}${slug}`;

export const statusTitle = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** The default slug of a status without a more specific problem type: its reason phrase, kebab-cased. */
export const statusSlug = (status: number): string =>
  status === 500
    ? ProblemTypes.internalError
    : statusTitle(status)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || `http-${status}`;

export interface FieldError {
  /** Dotted path of the offending input: `items.0.quantity`, `customer`, a parameter or header name. */
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ProblemInit {
  status: number;
  detail: string;
  /** A slug from `ProblemTypes` (or any other), or a full URI; defaults to the status' own slug. */
  type?: string;
  /** Defaults to the reason phrase of the status. */
  title?: string;
  /** Extension members, written at the top level of the document (`errors`, `from`, `to`, …). */
  extensions?: Record<string, unknown>;
  /** Response headers to send with the problem (`WWW-Authenticate`, `Retry-After`, …). */
  headers?: Record<string, string>;
  cause?: unknown;
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** Throw this to answer with a specific problem document. */
export class ProblemException extends HttpException {
  readonly problemType: string;
  readonly title: string;
  readonly detail: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    const detail = init.detail?.trim() || statusTitle(init.status);
    super(detail, init.status, { cause: init.cause });
    const type = init.type ?? statusSlug(init.status);
    this.problemType = /^[a-z][a-z0-9+.-]*:/i.test(type) ? type : problemTypeUri(type);
    this.title = init.title ?? statusTitle(init.status);
    this.detail = detail;
    this.extensions = Object.fromEntries(Object.entries(init.extensions ?? {}).filter(([k]) => !RESERVED.has(k)));
    this.headers = init.headers ?? {};
  }

  toDocument(instance?: string): ProblemDocument {
    return {
      type: this.problemType,
      title: this.title,
      status: this.getStatus(),
      detail: this.detail,
      ...(instance === undefined ? {} : { instance }),
      ...this.extensions,
    };
  }

  /** A 400 validation problem naming the offending fields. */
  static validation(errors: FieldError[], detail?: string): ProblemException {
    return new ProblemException({
      status: 400,
      type: ProblemTypes.validationError,
      title: 'Your request is not valid',
      detail: detail ?? describeFieldErrors(errors),
      extensions: { errors },
    });
  }
}

/** `"3 invalid fields: items.0.quantity: …; customer: …; foo: … (and 1 more)"`, never empty. */
export function describeFieldErrors(errors: FieldError[], shown = 3): string {
  if (errors.length === 0) return 'The request is not valid.';
  const listed = errors
    .slice(0, shown)
    .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))
    .join('; ');
  const more = errors.length > shown ? ` (and ${errors.length - shown} more)` : '';
  const head = errors.length === 1 ? 'Invalid request' : `${errors.length} problems in the request`;
  return `${head}: ${listed}${more}`;
}
