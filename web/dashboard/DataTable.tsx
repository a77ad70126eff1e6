import type { ReactNode } from 'react';

export interface Column<Row> {
  /** The field of the API's answer this column shows; cells carry its raw value in `data-value`. */
  key: keyof Row & string;
  header: string;
  format?: (value: Row[keyof Row], row: Row) => ReactNode;
  numeric?: boolean;
}

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
}

/** A chart's figures as a table: the accessible alternative, drawn from the same array as the chart. */
export function DataTable<Row>({ caption, columns, rows, rowKey }: Props<Row>) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'numeric' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td
                  key={c.key}
                  data-key={c.key}
                  data-value={JSON.stringify(row[c.key])}
                  className={c.numeric ? 'numeric' : undefined}
                >
                  {c.format ? c.format(row[c.key], row) : String(row[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
