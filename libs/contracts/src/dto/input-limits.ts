import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';

/** What input refused by its limits reports: the same `{ field, message }` pairs as a validation error. */
export interface LimitProblem {
  field: string;
  message: string;
}

export interface InputLimitOptions {
  /** Refuse keys the class does not declare (the HTTP pipe's `forbidNonWhitelisted`). */
  forbidUnknown?: boolean;
  /** Stop after this many problems. */
  maxProblems?: number;
}

interface PropertyLimits {
  /** The element count of an array-valued property; `undefined`: no array is allowed here. */
  maxItems?: number;
  acceptsArray: boolean;
  maxLength?: number;
  /** The class of a nested object (or of each element of an array of them). */
  nested?: Function;
}

type ClassLimits = Map<string, PropertyLimits>;

interface RuleMetadata {
  name?: string;
  type: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

const cache = new WeakMap<Function, ClassLimits>();

/** The limits the class-validator rules of `type` declare, and the nested classes class-transformer would build. */
function limitsOf(type: Function): ClassLimits {
  const known = cache.get(type);
  if (known) return known;
  const rules = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false) as unknown as RuleMetadata[];
  const limits: ClassLimits = new Map();
  for (const rule of rules) {
    const property = limits.get(rule.propertyName) ?? { acceptsArray: false };
    const [first] = rule.constraints ?? [];
    if (rule.each || rule.name === 'isArray' || rule.name === 'arrayMinSize') property.acceptsArray = true;
    if (rule.name === 'arrayMaxSize' && typeof first === 'number') {
      property.acceptsArray = true;
      property.maxItems = first;
    }
    if (rule.name === 'maxLength' && typeof first === 'number' && !rule.each) property.maxLength = first;
    limits.set(rule.propertyName, property);
  }
  for (const [name, property] of limits) {
    const nested = defaultMetadataStorage.findTypeMetadata(type, name)?.typeFunction();
    if (typeof nested === 'function' && nested !== Date) property.nested = nested;
  }
  cache.set(type, limits);
  return limits;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The limits of `type` checked on raw parsed input before anything is built from it: element
 * counts, string lengths, undeclared keys, and containers where the class expects none. The
 * element-by-element validation that follows then only ever sees input of a size the contract
 * allows, however large an array a caller sends. Messages are class-validator's own wording.
 * Walks breadth-first and stops after `maxProblems`.
 */
export function inputLimitProblems(type: Function, input: unknown, options: InputLimitOptions = {}): LimitProblem[] {
  const maxProblems = options.maxProblems ?? 20;
  const problems: LimitProblem[] = [];
  const pending: { type: Function; value: Record<string, unknown>; path: string }[] = [];
  if (isPlainObject(input)) pending.push({ type, value: input, path: '' });
  const push = (field: string, message: string) => problems.push({ field, message });

  for (let next = 0; next < pending.length && problems.length < maxProblems; next++) {
    const { type: current, value, path } = pending[next]!;
    const limits = limitsOf(current);
    for (const key of Object.keys(value)) {
      if (problems.length >= maxProblems) break;
      const field = path ? `${path}.${key}` : key;
      const property = limits.get(key);
      if (!property) {
        if (options.forbidUnknown) push(field, `property ${key} should not exist`);
        continue;
      }
      const child = value[key];
      if (typeof child === 'string') {
        if (property.maxLength !== undefined && child.length > property.maxLength)
          push(field, `${key} must be shorter than or equal to ${property.maxLength} characters`);
      } else if (Array.isArray(child)) {
        if (!property.acceptsArray) push(field, `${key} must not be an array`);
        else if (property.maxItems !== undefined && child.length > property.maxItems)
          push(field, `${key} must contain no more than ${property.maxItems} elements`);
        else if (property.nested) {
          child.forEach((element, i) => {
            if (isPlainObject(element)) pending.push({ type: property.nested!, value: element, path: `${field}.${i}` });
            else if (problems.length < maxProblems) push(`${field}.${i}`, `${key}.${i} must be an object`);
          });
        } else if (child.some((element) => typeof element === 'object' && element !== null)) {
          push(field, `${key} must hold only strings, numbers or booleans`);
        }
      } else if (isPlainObject(child)) {
        if (property.nested) pending.push({ type: property.nested, value: child, path: field });
        else push(field, `${key} must not be an object`);
      }
    }
  }
  return problems;
}
