import type { Sql } from '#persistence';

const SCHEMA = 'analytics';
export const NEXT = '_rebuilt';

/** A copy of the table's columns, defaults and checks, without indexes: filled first, indexed after. */
export async function createNext(sql: Sql, table: string): Promise<void> {
  await sql.affected(`DROP TABLE IF EXISTS ${SCHEMA}.${table}${NEXT}`);
  await sql.affected(`CREATE TABLE ${SCHEMA}.${table}${NEXT} (LIKE ${SCHEMA}.${table} INCLUDING ALL EXCLUDING INDEXES)`);
}

interface IndexRow {
  name: string;
  definition: string;
  constraint_name: string | null;
  constraint_definition: string | null;
}

/**
 * Gives the filled copy every index and key of the table (under a provisional name), then drops the
 * table and renames the copy and its indexes to the names the migrations gave: the next migration
 * finds what it expects. Readers of the table wait only from the drop to the caller's commit.
 */
export async function indexNext(sql: Sql, table: string): Promise<string[]> {
  const indexes = await sql.rows<IndexRow>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition,
       c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
     WHERE x.indrelid = $1::regclass ORDER BY i.relname`,
    [`${SCHEMA}.${table}`],
  );
  for (const index of indexes) {
    if (index.constraint_name && index.constraint_definition) {
      await sql.affected(
        `ALTER TABLE ${SCHEMA}.${table}${NEXT} ADD CONSTRAINT ${index.name}${NEXT} ${index.constraint_definition}`,
      );
    } else {
      const definition = index.definition.replace(
        /^CREATE (UNIQUE )?INDEX (\S+) ON (\S+)/,
        (_, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${index.name}${NEXT} ON ${SCHEMA}.${table}${NEXT}`,
      );
      await sql.affected(definition);
    }
  }
  await sql.affected(`ANALYZE ${SCHEMA}.${table}${NEXT}`);
  return indexes.map((i) => i.name);
}

export async function swapIn(sql: Sql, table: string, indexes: string[]): Promise<void> {
  await sql.affected(`DROP TABLE ${SCHEMA}.${table}`);
  await sql.affected(`ALTER TABLE ${SCHEMA}.${table}${NEXT} RENAME TO ${table}`);
  for (const name of indexes) await sql.affected(`ALTER INDEX ${SCHEMA}.${name}${NEXT} RENAME TO ${name}`);
}
