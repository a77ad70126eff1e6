/**
 * An RFC 4180 reader for the tests, written from the RFC and sharing nothing with the gateway's
 * writer: records end with CRLF, quoted fields may hold commas, CR, LF and doubled quotes.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') ((field += '"'), (i += 2));
        else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      if (text[i] !== ',' && !text.startsWith('\r\n', i)) throw new Error(`unexpected character after a quoted field at ${i}`);
      continue;
    }
    if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === '\r' || text[i] === '\n') throw new Error(`bare CR or LF outside quotes at ${i}`);
    else field += text[i++];
  }
  if (field !== '' || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

/**
 * JSON rows as the CSV should write them (CONTRACT section 10): members in `columns` order, null as
 * empty, numbers as JSON writes them, and a leading `'` before what a spreadsheet would run.
 */
export const asCsvCells = (columns: readonly string[], rows: readonly Record<string, unknown>[]): string[][] =>
  rows.map((row) =>
    columns.map((c) => {
      const cell = row[c] === null || row[c] === undefined ? '' : String(row[c]);
      return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    }),
  );
