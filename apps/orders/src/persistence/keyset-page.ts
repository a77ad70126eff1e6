/** Where a page of a list sorted on (created_at, id) starts, and how many rows it reads. */
export interface KeysetPage {
  /** The (created_at, id) of the last row of the previous page. */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** A row's created_at to the microsecond as PostgreSQL prints it in UTC, for the next cursor: a Date would lose the microseconds. */
export const cursorAtColumn = (alias: string): string =>
  `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;

/** A WHERE clause built from optional filters, each value a positional parameter. */
export function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  return {
    params,
    param: (value: unknown): string => `$${params.push(value)}`,
    add: (condition: string): void => void where.push(condition),
    clause: (): string => (where.length ? `WHERE ${where.join(' AND ')}` : ''),
  };
}
