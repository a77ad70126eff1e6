import * as z from 'zod';

/** Any UUID (any version, either case): ids in paths, messages and cursors. Answers write them in lower case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);

/** A time as the wire writes it: ISO 8601 in UTC, milliseconds, `Z` (what `Date#toISOString` gives). */
const WIRE_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Every form of ISO 8601 starts with a four-digit year, optionally signed; `Date.parse` alone also reads prose dates. */
const ISO_YEAR_FIRST = /^[+-]?\d{4}/;
/** A time part with no zone designator: read as UTC, whatever the server's time zone. */
const NO_ZONE = /T[\d:.]+$/;
/** The range of an ECMAScript Date, ±100,000,000 days around 1970. */
const MAX_TIME_MS = 8.64e15;

/**
 * An ISO 8601 time as an instant; null when it is not one. A time without a zone is UTC. Forms of
 * ISO 8601 that JavaScript cannot read (week dates, basic format, comma fractions) are null too.
 */
export function parseInstant(value: string): Date | null {
  if (!ISO_YEAR_FIRST.test(value)) return null;
  const ms = Date.parse(NO_ZONE.test(value) ? `${value}Z` : value);
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? new Date(ms) : null;
}

/* The building blocks of the wire shapes (order.view.ts, events.ts, refunds.ts). */

export const uuid = z.string().meta({ format: 'uuid' });
export const instant = z.string().meta({ format: 'date-time', pattern: WIRE_INSTANT.source });
/** Amounts are JSON numbers, never strings (CONTRACT section 3). */
export const money = z.number().min(0);
