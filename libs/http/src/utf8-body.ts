import { MAX_INPUT_DEPTH } from './input-shape.js';

/** The `type` of the error thrown below, mapped to a 400 problem by the problem filter. */
export const INVALID_UTF8 = 'entity.encoding.invalid';

export interface InvalidUtf8Error extends Error {
  type: typeof INVALID_UTF8;
  status: 400;
  /** The dotted path of the first string or key that held the bad bytes, `''` when none could be told. */
  field: string;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * For body-parser's `verify` hook: a UTF-8 body must be valid UTF-8. Left alone, the parser decodes bad
 * bytes to U+FFFD and the request would be stored altered.
 */
export function requireValidUtf8(body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8') return;
  try {
    strict.decode(body);
  } catch {
    const field = fieldWithReplacement(body.toString('utf8'));
    const error = new Error(field ? `${field} is not valid UTF-8` : 'The request body is not valid UTF-8') as InvalidUtf8Error;
    throw Object.assign(error, { type: INVALID_UTF8, status: 400 as const, field });
  }
}

/** Where the lossy decoding put U+FFFD: the first such string value or key, by its dotted path. */
function fieldWithReplacement(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return '';
  }
  const pending: { value: unknown; path: string[] }[] = [{ value: parsed, path: [] }];
  for (let next = 0; next < pending.length; next++) {
    const { value, path } = pending[next]!;
    if (typeof value === 'string' && value.includes('\uFFFD')) return path.join('.');
    if (value === null || typeof value !== 'object' || path.length >= MAX_INPUT_DEPTH) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\uFFFD')) return [...path, key].join('.');
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return '';
}
