import { type ArgumentMetadata, ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { compiledRules, inputLimitProblems } from '#contracts';
import { inputShapeProblem } from './input-shape.js';
import { describeFieldErrors, type FieldError, ProblemException } from './problem.js';

/** Beyond this many field errors the list is cut (the detail says how many there were). */
export const MAX_FIELD_ERRORS = 20;

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
  return cappedProblem(fieldErrors, fieldErrors.length);
}

/** At most MAX_FIELD_ERRORS of `errors`, of `total` (a lower bound, `"more than"`, when `total` exceeds what was collected). */
function cappedProblem(errors: FieldError[], total: number, atLeast = false): ProblemException {
  const kept = errors.slice(0, MAX_FIELD_ERRORS);
  if (kept.length === total) return ProblemException.validation(kept);
  const count = atLeast ? `more than ${MAX_FIELD_ERRORS}` : String(total);
  return ProblemException.validation(
    kept,
    `${count} problems in the request; the first ${kept.length} are listed: ` + describeFieldErrors(kept).replace(/^[^:]*: /, ''),
  );
}

/**
 * The declared limits (element counts, string lengths, undeclared keys) checked on the raw input,
 * so that no oversized array is ever turned into objects or validated element by element.
 */
function limitsProblem(metatype: ArgumentMetadata['metatype'], value: unknown): ProblemException | null {
  if (typeof metatype !== 'function') return null;
  const problems = inputLimitProblems(metatype, value, { forbidUnknown: true, maxProblems: MAX_FIELD_ERRORS + 1 });
  if (problems.length === 0) return null;
  return cappedProblem(problems, problems.length, problems.length > MAX_FIELD_ERRORS);
}

/**
 * Refuses a body or query too deep for class-transformer, holding a key it would drop
 * (`__proto__`, `constructor`), or over the DTO's declared limits, before handing it over: each a
 * 400 naming the field.
 */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      // Limits first: they refuse an oversized array by its length, where the shape walk visits every element.
      const limits = this.toValidate(metadata) ? limitsProblem(metadata.metatype, value) : null;
      if (limits) throw limits;
      const problem = inputShapeProblem(value);
      if (problem) throw ProblemException.validation([problem]);
      // A body the compiled rules pass is taken as it came; only one they fail goes through class-transformer and
      // class-validator, for their instances and for the wording of its problems.
      if (metadata.type === 'body' && typeof metadata.metatype === 'function' && this.toValidate(metadata)) {
        if (compiledRules(metadata.metatype, { closed: true })(value)) return value;
      }
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
  return new InputValidationPipe({ ...VALIDATION_PIPE_OPTIONS, ...overrides });
}

/** The options of every HTTP app's validation pipe (Nest's own, before the limits and shape checks in front of it). */
export const VALIDATION_PIPE_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  validatorPackage: classValidator,
  transformerPackage: classTransformer,
  exceptionFactory: (errors) => validationProblem(errors),
};
