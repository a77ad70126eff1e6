/** The `type` of the error thrown for a member named twice, mapped to a 400 problem by the problem filter. */
export const DUPLICATE_MEMBER = 'entity.member.duplicate';

export interface DuplicateMemberError extends Error {
  type: typeof DUPLICATE_MEMBER;
  status: 400;
  /** The dotted path of the second occurrence, array positions as numbers (`items.1.plu`). */
  field: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

interface Frame {
  path: string;
  /** Member names seen so far; absent in an array. */
  names?: Set<string>;
  /** In an object: whether the next string is a member name. In an array: the position of the current element. */
  expectName: boolean;
  index: number;
  last: string;
}

/**
 * The dotted path of the first member named twice in one object of a JSON text, or null.
 *
 * `JSON.parse` keeps the last of two members of the same name, so `{"status":"READY","status":"CANCELLED"}`
 * would be read as whichever came last, where another reader of the same bytes (a proxy, a log, a
 * signature check) may take the first. One pass over the bytes, before they are parsed: names are
 * compared decoded (`"a"` and `"\u0061"` are the same member), and bytes of multi-byte UTF-8
 * characters are never mistaken for JSON punctuation (they are all 0x80 and above). The text is
 * assumed to be valid JSON; the caller confirms it before refusing on the answer.
 */
export function firstDuplicateMember(body: Buffer): string | null {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  const childPath = (): string => {
    if (!top) return '';
    const segment = top.names ? top.last : String(top.index);
    return top.path ? `${top.path}.${segment}` : segment;
  };
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (byte === QUOTE) {
      const end = closingQuote(body, i + 1);
      if (top?.names && top.expectName) {
        const name = decodeName(body, i, end);
        top.last = name;
        top.expectName = false;
        if (top.names.has(name)) return top.path ? `${top.path}.${name}` : name;
        top.names.add(name);
      }
      i = end;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      const frame: Frame = {
        path: childPath(),
        names: byte === OPEN_OBJECT ? new Set() : undefined,
        expectName: true,
        index: 0,
        last: '',
      };
      stack.push(frame);
      top = frame;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      stack.pop();
      top = stack[stack.length - 1];
    } else if (byte === COMMA && top) {
      if (top.names) top.expectName = true;
      else top.index++;
    }
  }
  return null;
}

/** The position of the quote that ends the string whose content starts at `from` (the body's end if none). */
function closingQuote(body: Buffer, from: number): number {
  for (let at = from; ;) {
    // Found natively, then counted back: a quote ends the string unless an odd run of backslashes escapes it.
    const quote = body.indexOf(QUOTE, at);
    if (quote === -1) return body.length;
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

function decodeName(body: Buffer, start: number, end: number): string {
  const raw = body.toString('utf8', start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Throws the 400 of a member named twice, if the body is otherwise valid JSON and names one twice. */
export function refuseDuplicateMembers(body: Buffer): void {
  const field = firstDuplicateMember(body);
  if (field === null) return;
  try {
    JSON.parse(body.toString('utf8'));
  } catch {
    return; // Not JSON at all: the parser's own 400 says so.
  }
  const error = new Error(`${field || 'a member'} is given twice`) as DuplicateMemberError;
  throw Object.assign(error, { type: DUPLICATE_MEMBER, status: 400 as const, field });
}
