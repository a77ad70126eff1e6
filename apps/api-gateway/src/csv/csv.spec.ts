import { csvOf } from './csv.js';

describe('csvOf', () => {
  it('a header row of the member names, then one CRLF record per row; null is an empty cell', () => {
    expect(
      csvOf(
        ['a', 'b', 'c'],
        [
          { a: 1, b: null, c: 'x' },
          { a: 2.5, b: 'y', c: '' },
        ],
      ),
    ).toBe('a,b,c\r\n1,,x\r\n2.5,y,\r\n');
  });

  it('quotes a comma, a quote, CR and LF (RFC 4180)', () => {
    expect(csvOf(['v'], [{ v: 'a,b' }, { v: 'say "hi"' }, { v: 'two\nlines' }, { v: 'cr\rhere' }])).toBe(
      'v\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\rhere"\r\n',
    );
  });

  it.each(['=HYPERLINK("x")', '+1', '-1+1', '@SUM(A1)', '\tx', '\rx'])('writes %j so that no spreadsheet runs it', (v) => {
    const line = csvOf(['v'], [{ v }]).split('\r\n')[1];
    expect(line.replace(/^"/, '').startsWith(`'${v[0]}`)).toBe(true);
  });
});
