import type { FieldError } from './problem.js';

/** Deeper JSON than any DTO needs is refused before class-transformer, which recurses once per level. */
export const MAX_INPUT_DEPTH = 32;

/** Keys class-transformer drops without a word; refused instead, as any other unknown field. */
const DROPPED_KEYS = new Set(['__proto__', 'constructor']);

/** A node of the walk: its path is spelt out only when a problem needs it. */
interface Visit {
  value: object;
  key: string | number;
  parent: Visit | null;
  depth: number;
}

const pathOf = (visit: Visit | null, last?: string): string => {
  const parts = last === undefined ? [] : [last];
  for (let at = visit; at?.parent; at = at.parent) parts.push(String(at.key));
  return parts.reverse().join('.');
};

/**
 * The first shape problem of a parsed body or query: nesting deeper than `maxDepth`, or a
 * `__proto__`/`constructor` key. Walks without recursion, so no depth can overflow the stack, and
 * allocates one small record per object or array, so that a body of many elements costs little more
 * than its parsing did.
 */
export function inputShapeProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): FieldError | null {
  if (value === null || typeof value !== 'object') return null;
  const pending: Visit[] = [{ value, key: '', parent: null, depth: 0 }];
  while (pending.length) {
    const visit = pending.pop()!;
    if (visit.depth >= maxDepth) return { field: pathOf(visit), message: `the input nests deeper than ${maxDepth} levels` };
    if (Array.isArray(visit.value)) {
      // By index: Object.keys would make a string of every index of a long array.
      visit.value.forEach((child: unknown, key) => {
        if (child !== null && typeof child === 'object')
          pending.push({ value: child, key, parent: visit, depth: visit.depth + 1 });
      });
      continue;
    }
    const node = visit.value as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      if (DROPPED_KEYS.has(key)) return { field: pathOf(visit, key), message: `property ${key} should not exist` };
      const child = node[key];
      if (child !== null && typeof child === 'object') pending.push({ value: child, key, parent: visit, depth: visit.depth + 1 });
    }
  }
  return null;
}
