import { type ArgumentMetadata, ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { inputShapeProblem } from './input-shape.js';
import { describeFieldErrors, type FieldError, ProblemException } from './problem.js';

/** Beyond this many field errors the list is cut (the detail says how many were left out). */
export const MAX_FIELD_ERRORS = 100;

/**
 * Flattens class-validator's tree into `{ field, message }` pairs with dotted paths:
 * `items.0.quantity`, `customer.name`, and for an unknown field its own path (`items.0.colour`).
 *
 * One message per field: the first failed constraint in the order the DTO declares them
 * (class-validator lists them bottom-up, so that a missing field would otherwise read
 * "must be shorter than 128 characters" before "must be a string").
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) out.push({ field, message: messages[messages.length - 1] });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationProblem(errors: readonly ValidationError[]): ProblemException {
  const all = flattenValidationErrors(errors);
  const fieldErrors = all.length ? all : [{ field: '', message: 'the request is not valid' }];
  const kept = fieldErrors.slice(0, MAX_FIELD_ERRORS);
  const omitted = fieldErrors.length - kept.length;
  const detail = describeFieldErrors(fieldErrors) + (omitted ? ` (only the first ${MAX_FIELD_ERRORS} are listed)` : '');
  return ProblemException.validation(kept, detail);
}

/**
 * Refuses a body or query too deep for class-transformer, or holding a key it would drop
 * (`__proto__`, `constructor`), before handing it over: both are 400s naming the field.
 */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = inputShapeProblem(value);
      if (problem) throw ProblemException.validation([problem]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The one validation pipe of every HTTP app: unknown fields are refused (naming them), payloads are
 * turned into their DTO classes, and failures become a 400 `validation-error` problem.
 * The class-validator/-transformer modules are passed in so the pipe uses the very instances
 * the DTOs registered their metadata with.
 */
export function createValidationPipe(overrides: ValidationPipeOptions = {}): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
    exceptionFactory: (errors) => validationProblem(errors),
    ...overrides,
  });
}
