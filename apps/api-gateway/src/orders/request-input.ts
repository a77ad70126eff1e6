import { createHash } from 'node:crypto';
import { parseInstant, pickupTimeProblem } from '#contracts';
import { ProblemException, ProblemTypes } from '#http';
import { type AuthenticatedCaller, BACKFILL_ROLES, mayBackfill } from '../auth/caller.js';

/** `Idempotency-Key`: 1 to 255 printable ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (IDEMPOTENCY_KEY.test(value) && value.trim() !== '') return value;
  throw ProblemException.validation(
    [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 printable ASCII characters' }],
    'The Idempotency-Key header must be 1 to 255 printable ASCII characters.',
  );
}

/** `If-Match`: the version bare (`3`), as the ETag (`"3"`) or weak (`W/"3"`). */
const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$|^(\d{1,15})$/;

export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = IF_MATCH.exec(value.trim());
  if (match) return Number(match[1] ?? match[2]);
  throw ProblemException.validation(
    [{ field: 'If-Match', message: 'If-Match must be the order version, e.g. 3 or "3"' }],
    'The If-Match header must be the order version, bare (3) or as its ETag ("3").',
  );
}

/** Backfill timestamps are for admin and internal keys only. */
export function assertMayBackfill(caller: AuthenticatedCaller, field: string): void {
  if (mayBackfill(caller)) return;
  throw new ProblemException({
    status: 403,
    type: ProblemTypes.forbidden,
    detail: `Only ${BACKFILL_ROLES.join(' and ')} keys may send ${field} (backfill); this key has role ${caller.role}.`,
    extensions: { errors: [{ field, message: `${field} is for backfill by ${BACKFILL_ROLES.join(' and ')} keys only` }] },
  });
}

/**
 * An ISO 8601 time (already checked by class-validator) as milliseconds. class-validator also
 * passes forms JavaScript cannot read (week dates, basic format, comma fractions): a 400 here.
 */
function instantMs(field: string, value: string): number {
  const time = parseInstant(value);
  if (time) return time.getTime();
  throw ProblemException.validation([{ field, message: `${field} must be an ISO 8601 date-time such as 2021-07-22T20:28:02Z` }]);
}

/** The time as the wire writes it: UTC, milliseconds, `Z`. */
export const instant = (field: string, value: string): string => new Date(instantMs(field, value)).toISOString();

/** As `instant`, and a 400 if the time is in the future. */
export function pastInstant(field: string, value: string, now = Date.now()): string {
  const ms = instantMs(field, value);
  if (ms > now) throw ProblemException.validation([{ field, message: `${field} must not be in the future` }]);
  return new Date(ms).toISOString();
}

/**
 * A pickupTime outside the window an order may be placed for, refused before anything is queued;
 * the orders service checks it again against its own time of receipt.
 */
export function assertPickupTimeWindow(pickupTime: string, now = new Date()): void {
  const problem = pickupTimeProblem(new Date(pickupTime), now);
  if (problem) throw ProblemException.validation([{ field: 'pickupTime', message: problem }]);
}

/** JSON with object keys sorted and undefined members left out: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}

export const sha256OfCanonicalJson = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
