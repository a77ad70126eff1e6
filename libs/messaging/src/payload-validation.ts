import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { compiledRules, inputLimitProblems } from '#contracts';

/** A payload's problems are listed up to this many; enough to tell why, bounded whatever was sent. */
const MAX_PROBLEMS = 20;

/** Why a payload can never be processed, one line per field; empty when it is fine. */
export type PayloadValidator = (payload: unknown) => string[];

/** Checks a consumed payload against a class-validator class (the contracts' DTOs and their envelopes). */
export function payloadValidator(type: new () => object): PayloadValidator {
  const passes = compiledRules(type, { closed: false });
  return (payload) => {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return ['payload must be a JSON object'];
    // Over its declared limits (element counts, string lengths), a payload is refused before any element is looked at.
    const limits = inputLimitProblems(type, payload, { maxProblems: MAX_PROBLEMS });
    if (limits.length) return limits.map((p) => `${p.field}: ${p.message}`);
    if (passes(payload)) return [];
    const errors = validateSync(plainToInstance(type, payload), {
      forbidUnknownValues: true,
      validationError: { target: false },
    });
    return flatten(errors).slice(0, MAX_PROBLEMS);
  };
}

function flatten(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${field}: ${message}`);
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
