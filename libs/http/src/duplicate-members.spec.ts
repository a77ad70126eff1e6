import fc from 'fast-check';
import { firstDuplicateMember } from './duplicate-members.js';

const scan = (text: string) => firstDuplicateMember(Buffer.from(text));

describe('firstDuplicateMember', () => {
  it('names the first member given twice in one object, by its dotted path', () => {
    expect(scan('{"a":1,"a":2}')).toBe('a');
    expect(scan('{"a":{"b":[1,{"c":1,"d":2,"c":3}]}}')).toBe('a.b.1.c');
    expect(scan('[{"x":1},{"x":1,"y":{"z":1,"z":2}}]')).toBe('1.y.z');
  });

  it('compares names decoded: escapes and multi-byte characters are the same name', () => {
    expect(scan('{"qty":1,"\\u0071ty":2}')).toBe('qty');
    expect(scan('{"crème":1,"cr\\u00e8me":2}')).toBe('crème');
    expect(scan('{"\\"":1,"\\u0022":2}')).toBe('"');
  });

  it('finds nothing where names repeat only across objects, or as values, or inside strings', () => {
    expect(scan('{"a":"a","b":{"a":1},"c":[{"a":1},{"a":2}]}')).toBeNull();
    expect(scan('{"a":"{\\"a\\":1,\\"a\\":2}","b":"\\\\"}')).toBeNull();
    expect(scan('{"名前":"x","名":"y"}')).toBeNull();
    expect(scan('[]')).toBeNull();
    expect(scan('"a"')).toBeNull();
  });

  it('agrees with JSON.parse on every generated document: a duplicate exactly where parsing loses a member', () => {
    const countMembers = (text: string): number => {
      let members = 0;
      JSON.parse(text, function (this: unknown, key) {
        if (this !== null && typeof this === 'object' && !Array.isArray(this) && key !== '') members++;
        return undefined;
      });
      return members;
    };
    const names = fc.constantFrom('a', 'b', 'é', '\\u0061', '"q"');
    const raw = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('1', 'null', '"a"', '"{\\"a\\":1}"'),
        fc.array(tie('value'), { maxLength: 3 }).map((vs) => `[${vs.join(',')}]`),
        fc
          .array(fc.tuple(names, tie('value')), { maxLength: 4 })
          .map((ms) => `{${ms.map(([n, v]) => `"${n.replace('"q"', '\\"q\\"')}":${v}`).join(',')}}`),
      ),
    })).value;
    fc.assert(
      fc.property(raw, (text) => {
        const declared = (text.match(/"(?:[^"\\]|\\.)*"\s*:/g) ?? []).length;
        expect(scan(text) === null).toBe(countMembers(text) === declared);
      }),
      { numRuns: 2_000 },
    );
  });
});
