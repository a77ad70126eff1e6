import { createHash } from 'node:crypto';
import { ORDER_STATUSES, orderMachine, orderStatusCode } from '#contracts/rules';
import type { Reader, Sql } from '#persistence';

/** A tracking token of a new order and the SHA-256 of it, the key it is found by. */
export interface TrackingTokenRow {
  orderId: string;
  token: string;
  digest: Buffer;
}

export const trackingTokenRow = (orderId: string, token: string): TrackingTokenRow => ({
  orderId,
  token,
  digest: createHash('sha256').update(token).digest(),
});

/** Stores the tokens of orders just created, in the transaction that creates them. */
export async function insertTrackingTokens(sql: Sql, rows: TrackingTokenRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.affected(
    `INSERT INTO orders.tracking_tokens (order_id, token_digest, token)
     SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[]) ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.orderId), rows.map((r) => r.digest), rows.map((r) => r.token)],
  );
}

/**
 * The order's token, for a retry of its create to answer the same one. An order created before
 * tracking links existed takes this one: from then on every retry answers it. (The token row of an
 * order commits with the order, so a retry that sees the order sees its token.)
 */
export async function trackingTokenOf(sql: Reader, row: TrackingTokenRow): Promise<string> {
  const [stored] = await sql.rows<{ token: string }>(
    `WITH taken AS (
       INSERT INTO orders.tracking_tokens (order_id, token_digest, token) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING token)
     SELECT token FROM taken UNION ALL SELECT token FROM orders.tracking_tokens WHERE order_id = $1`,
    [row.orderId, row.digest, row.token],
  );
  if (!stored) throw new Error(`order ${row.orderId} has no tracking token`);
  return stored.token;
}

/** The order a token's digest names, and since when it has been in its terminal status (null while open). */
export async function findTrackedOrder(
  sql: Reader,
  digest: Buffer,
): Promise<{ orderId: string; terminalSince: Date | null } | null> {
  const [row] = await sql.rows<{ orderId: string; terminalSince: Date | null }>(
    `SELECT t.order_id AS "orderId",
            CASE WHEN o.status = ANY($2::smallint[]) THEN
              coalesce((SELECT max(h.at) FROM orders.status_history h
                         WHERE h.order_id = o.id AND h.plu IS NULL AND h.to_status = o.status), o.updated_at)
            END AS "terminalSince"
       FROM orders.tracking_tokens t JOIN orders.orders o ON o.id = t.order_id
      WHERE t.token_digest = $1`,
    [digest, TERMINAL_CODES],
  );
  return row ?? null;
}

const TERMINAL_CODES = ORDER_STATUSES.filter((s) => orderMachine.isTerminal(s)).map(orderStatusCode);
