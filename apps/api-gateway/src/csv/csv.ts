import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 as spreadsheets read it: CRLF between records, fields with a comma, quote, CR or LF
 * quoted; a JSON null an empty cell. A cell starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading `'` so that a spreadsheet shows it rather than runs it as a formula.
 */
export const CSV_OPTIONS = { escape_formulas: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** A header row of `columns`, then one record per row with its members in that order. */
export function csvOf(columns: readonly string[], rows: readonly object[]): string {
  return stringify(rows as Record<string, unknown>[], { ...CSV_OPTIONS, header: true, columns: [...columns] });
}

/** Records with no header row: the cells of each row in order. */
export function csvRecords(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], CSV_OPTIONS);
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
