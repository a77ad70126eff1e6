import type { Sql } from './transaction.js';

/**
 * One table's share of a batch's writes: a single INSERT, UPDATE or DELETE with its own
 * parameters, numbered from $1 (a `$` followed by digits is a parameter, nothing else). `expected`,
 * if given, is how many rows it must touch, and the error the batch fails with otherwise.
 */
export interface WritePart {
  sql: string;
  params: unknown[];
  expected?: { rows: number; error: string };
}

/**
 * Runs every part as one statement of data-modifying CTEs: one round trip, however many tables a
 * batch writes. The parts run on one snapshot, so none may read what another writes (each writes
 * other rows), and each is counted so that a row that was not where its lock left it still fails
 * the batch. Parameters stay bound: each part's $n is renumbered after the parts before it.
 */
export async function writeBatch(sql: Sql, parts: (WritePart | null)[]): Promise<void> {
  const present = parts.filter((p): p is WritePart => p !== null);
  if (present.length === 0) return;
  if (present.length === 1) return check(present[0]!, await sql.affected(present[0]!.sql, present[0]!.params));
  const params: unknown[] = [];
  const ctes = present.map((part, i) => {
    const offset = params.length;
    params.push(...part.params);
    return `w${i} AS (${part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)} RETURNING 1)`;
  });
  const counts = present.map((_, i) => `(SELECT count(*)::int FROM w${i}) AS w${i}`);
  const [row] = await sql.rows<Record<string, number>>(`WITH ${ctes.join(',\n')}\nSELECT ${counts.join(', ')}`, params);
  present.forEach((part, i) => check(part, row?.[`w${i}`]));
}

function check(part: WritePart, rows: number | undefined): void {
  if (part.expected && rows !== part.expected.rows) throw new Error(part.expected.error);
}
