import type { FieldError } from './problem.js';

/** Deeper JSON than any DTO needs is refused before class-transformer, which recurses once per level. */
export const MAX_INPUT_DEPTH = 32;

/** Keys class-transformer drops without a word; refused instead, as any other unknown field. */
const DROPPED_KEYS = new Set(['__proto__', 'constructor']);

const pathOf = (parts: readonly string[]): string => parts.join('.');

/**
 * The first shape problem of a parsed body or query: nesting deeper than `maxDepth`, or a
 * `__proto__`/`constructor` key. Walks without recursion, so no depth can overflow the stack.
 */
export function inputShapeProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): FieldError | null {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (pending.length) {
    const { value: node, path } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= maxDepth) {
      return { field: pathOf(path), message: `the input nests deeper than ${maxDepth} levels` };
    }
    for (const key of Object.keys(node)) {
      const childPath = [...path, key];
      if (DROPPED_KEYS.has(key)) return { field: pathOf(childPath), message: `property ${key} should not exist` };
      pending.push({ value: (node as Record<string, unknown>)[key], path: childPath });
    }
  }
  return null;
}
