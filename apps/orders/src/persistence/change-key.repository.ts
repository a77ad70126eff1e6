import { type Sql, writeBatch, type WritePart } from '#persistence';

/** An Idempotency-Key of a change to an existing order, with the answer its first request got. */
export interface ChangeKeyRow {
  /** The key as scoped by the orders service: caller, route and target, then the client's key. */
  scope: string;
  requestHash: string;
  /** The order, refund or brand the change names. */
  target: string;
  answer: unknown;
}

/**
 * A client's Idempotency-Key as stored: per caller key (its actor), route and target, so the same
 * client key sent by another key, to another route or for another order is another key.
 */
export const changeKeyScope = (actor: string, route: string, target: string, key: string): string =>
  [actor, route, target, key].join('\n');

/** How long a change's Idempotency-Key is kept: a retry after that is a new request. */
export const CHANGE_KEY_RETENTION_MS = 24 * 3_600_000;

/** The keys of `scopes` already stored; read after the batch locked its orders, so a concurrent first attempt has committed. */
export async function findChangeKeys(sql: Sql, scopes: string[]): Promise<Map<string, ChangeKeyRow>> {
  if (scopes.length === 0) return new Map();
  const rows = await sql.rows<ChangeKeyRow>(
    `SELECT scope, request_hash AS "requestHash", target, answer
       FROM orders.change_keys WHERE scope = ANY($1::text[])`,
    [scopes],
  );
  return new Map(rows.map((r) => [r.scope, r]));
}

export function insertChangeKeys(sql: Sql, keys: ChangeKeyRow[], at: Date): Promise<void> {
  return writeBatch(sql, [changeKeysInsert(keys, at)]);
}

/** The keys' part of a batch's one statement (libs/persistence's batch-write.ts). */
export function changeKeysInsert(keys: ChangeKeyRow[], at: Date): WritePart | null {
  if (keys.length === 0) return null;
  return {
    sql: `INSERT INTO orders.change_keys (scope, request_hash, target, answer, created_at)
     SELECT s, h, o, a, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS k(s, h, o, a)
     ON CONFLICT DO NOTHING`,
    params: [
      keys.map((k) => k.scope),
      keys.map((k) => k.requestHash),
      keys.map((k) => k.target),
      keys.map((k) => JSON.stringify(k.answer)),
      at,
    ],
  };
}

/** Deletes up to `limit` keys stored before `cutoff`; returns how many went. */
export function deleteChangeKeysBefore(sql: Sql, cutoff: Date, limit: number): Promise<number> {
  return sql.affected(
    `DELETE FROM orders.change_keys WHERE scope IN (
       SELECT scope FROM orders.change_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)`,
    [cutoff, limit],
  );
}
