import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Why a payload can never be processed, one line per field; empty when it is fine. */
export type PayloadValidator = (payload: unknown) => string[];

/** Checks a consumed payload against a class-validator class (the contracts' DTOs and their envelopes). */
export function payloadValidator(type: new () => object): PayloadValidator {
  return (payload) => {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return ['payload must be a JSON object'];
    const errors = validateSync(plainToInstance(type, payload), {
      forbidUnknownValues: true,
      validationError: { target: false },
    });
    return flatten(errors);
  };
}

function flatten(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${field}: ${message}`);
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
