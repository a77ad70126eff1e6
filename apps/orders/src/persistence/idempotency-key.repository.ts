import type { Reader, Sql, WritePart } from '#persistence';

/** An Idempotency-Key of a create request, the hash of the body it came with and the order it created. */
export interface KeyRow {
  key: string;
  requestHash: string;
  orderId: string;
}

export async function findIdempotencyKey(sql: Reader, key: string): Promise<KeyRow | null> {
  const [row] = await sql.rows<KeyRow>(
    'SELECT key, request_hash AS "requestHash", order_id AS "orderId" FROM orders.idempotency_keys WHERE key = $1',
    [key],
  );
  return row ?? null;
}

/** Keys stored now; a key already taken (by a committed or concurrent request) is left out. */
export async function insertIdempotencyKeys(sql: Sql, keys: KeyRow[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sql.rows<{ key: string }>(
    `INSERT INTO orders.idempotency_keys (key, request_hash, order_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING RETURNING key`,
    [keys.map((k) => k.key), keys.map((k) => k.requestHash), keys.map((k) => k.orderId)],
  );
  return new Set(rows.map((r) => r.key));
}

/** Keys stored earlier in the same transaction for orders refused after all. */
export const idempotencyKeysDelete = (keys: string[]): WritePart | null =>
  keys.length ? { sql: 'DELETE FROM orders.idempotency_keys WHERE key = ANY($1::text[])', params: [keys] } : null;
