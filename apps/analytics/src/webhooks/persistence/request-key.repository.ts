import type { Reader } from '#persistence';

/** A webhook admin write's Idempotency-Key as stored, its answer sealed. */
export interface RequestKeyRow {
  scope: string;
  requestHash: string;
  sealedAnswer: string;
}

/** Holds the key's scope until the transaction ends: a concurrent request with the same key waits, then reads its answer. */
export async function lockRequestKey(sql: Reader, scope: string): Promise<void> {
  await sql.rows('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [scope]);
}

export async function findRequestKey(sql: Reader, scope: string): Promise<RequestKeyRow | null> {
  const [row] = await sql.rows<RequestKeyRow>(
    `SELECT scope, request_hash AS "requestHash", sealed_answer AS "sealedAnswer" FROM webhooks.request_keys WHERE scope = $1`,
    [scope],
  );
  return row ?? null;
}

export async function insertRequestKey(sql: Reader, key: RequestKeyRow): Promise<void> {
  await sql.rows(
    `INSERT INTO webhooks.request_keys (scope, request_hash, sealed_answer) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [key.scope, key.requestHash, key.sealedAnswer],
  );
}

/** Keys stored before `cutoff`, up to `limit` of them; returns how many went. */
export async function deleteRequestKeysBefore(sql: Reader, cutoff: Date, limit: number): Promise<number> {
  const [row] = await sql.rows<{ n: number }>(
    `WITH gone AS (
       DELETE FROM webhooks.request_keys WHERE scope IN (
         SELECT scope FROM webhooks.request_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [cutoff, limit],
  );
  return row!.n;
}
