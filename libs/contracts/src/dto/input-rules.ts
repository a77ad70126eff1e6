import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

import { MAX_MONEY, MONEY_DECIMALS, MAX_QUANTITY, MAX_ORDER_ITEMS, MAX_ORDER_PAYMENTS } from '../limits.js';

export { MAX_MONEY, MONEY_DECIMALS, MAX_QUANTITY, MAX_ORDER_ITEMS, MAX_ORDER_PAYMENTS };

/** PostgreSQL text cannot hold NUL, and UTF-8 cannot hold an unpaired surrogate (`\p{Cs}` under `u` matches only those). */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

/** `openapi`: the JSON Schema keywords the rule amounts to, which the OpenAPI document takes from it. */
function rule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  message: (args: ValidationArguments) => string,
  options?: ValidationOptions,
  openapi?: Record<string, unknown>,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message, ...options },
      constraints: openapi ? [{ openapi }] : [],
      validator: { validate },
    });
}

/** A string any store can hold: no NUL character, no unpaired surrogate (non-strings are left to `@IsString`). */
export const IsStorableText = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isStorableText',
    (value) => typeof value !== 'string' || isStorableText(value),
    (args) => `${args.property} must not contain NUL characters or unpaired surrogates`,
    options,
  );

/** A JSON number from 0 to MAX_MONEY with at most MONEY_DECIMALS decimal places (`1e-7` and `0.1 + 0.2` are refused). */
export const isMoney = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  value >= 0 &&
  value <= MAX_MONEY &&
  Number(value.toFixed(MONEY_DECIMALS)) === value;

export const IsMoney = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isMoney',
    isMoney,
    (args) =>
      `${args.property} must be a number from 0 to ${MAX_MONEY.toLocaleString('en')} with at most ${MONEY_DECIMALS} decimal places`,
    options,
    { type: 'number', minimum: 0, maximum: MAX_MONEY, multipleOf: 10 ** -MONEY_DECIMALS },
  );

/**
 * White space and characters that show nothing: format characters (zero-width spaces and joiners,
 * the byte order mark, bidirectional marks) and the blank letters (Hangul fillers, the braille blank).
 */
const INVISIBLE = /^[\p{White_Space}\p{Cf}\u115f\u1160\u180e\u2800\u3164\uffa0]*$/u;

/** True for a string that would print as nothing at all. */
export const isBlankText = (value: string): boolean => INVISIBLE.test(value);

/** A string that shows nothing counts as absent: the property is dropped before validation. */
export const BlankAsAbsent = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && isBlankText(value) ? undefined : value));

/** Digits, with an optional leading `+` and spaces, dots, dashes or parentheses between them: 5 to 15 digits in all. */
export const PHONE_NUMBER = /^\+?[ ().-]*(?:\d[ ().-]*){5,15}$/;

const SCALE = 10n ** BigInt(MONEY_DECIMALS);

/** Σ quantity × unitPrice in units of 1/10,000, exact; lines that are not yet valid count as 0. */
export function scaledTotal(items: readonly { quantity?: unknown; unitPrice?: unknown }[]): bigint {
  let sum = 0n;
  for (const item of items) {
    if (!item || !Number.isInteger(item.quantity) || !isMoney(item.unitPrice)) continue;
    sum += BigInt(item.unitPrice.toFixed(MONEY_DECIMALS).replace('.', '')) * BigInt(item.quantity as number);
  }
  return sum;
}

export const exceedsMaxTotal = (scaled: bigint): boolean => scaled > BigInt(MAX_MONEY) * SCALE;

/** On an array of order lines: their total, Σ quantity × unitPrice, is at most MAX_MONEY. */
export const MaxOrderTotal = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'maxOrderTotal',
    (value) => !Array.isArray(value) || !exceedsMaxTotal(scaledTotal(value as { quantity?: unknown }[])),
    (args) => `the total of ${args.property} (sum of quantity × unitPrice) must be at most ${MAX_MONEY.toLocaleString('en')}`,
    options,
  );

/**
 * A query-string integer, read only when it is plain decimal digits: `1e2`, `0x10`, ` 5` or `5.0`
 * stay strings and fail `@IsInt` (a bare `Number()` would take them all).
 */
export const ToQueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));
