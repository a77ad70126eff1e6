import { createHash } from 'node:crypto';
import { ORDER_STATUSES, orderMachine, orderStatusCode } from '#contracts/rules';
import type { Reader, WritePart } from '#persistence';

/**
 * A tracking token of an order, as it is stored: its SHA-256 only. A plain hash is enough: a token
 * is 192 random bits, so no dictionary or brute force gets from a digest back to it, and a salt or
 * a slow hash would protect nothing more. A database dump holds no working link.
 */
export interface TrackingTokenRow {
  orderId: string;
  digest: Buffer;
}

export const trackingTokenRow = (orderId: string, token: string): TrackingTokenRow => ({
  orderId,
  digest: createHash('sha256').update(token).digest(),
});

/** Stores the tokens of orders just created, in the transaction that creates them. */
export function trackingTokensInsert(rows: TrackingTokenRow[]): WritePart | null {
  if (rows.length === 0) return null;
  return {
    sql: `INSERT INTO orders.tracking_tokens (order_id, token_digest)
     SELECT * FROM unnest($1::uuid[], $2::bytea[]) ON CONFLICT DO NOTHING`,
    params: [rows.map((r) => r.orderId), rows.map((r) => r.digest)],
  };
}

/**
 * Adds the token a retry of the create is answered with. Added to an archived order, it expires
 * with the order's link, `trackingTtlMs` after its terminal status.
 */
export async function addTrackingToken(sql: Reader, row: TrackingTokenRow, trackingTtlMs: number): Promise<void> {
  await sql.rows(
    `INSERT INTO orders.tracking_tokens (order_id, token_digest, expires_at)
     VALUES ($1, $2, (SELECT a.terminal_at + $3 * interval '1 millisecond' FROM orders_archive.orders a WHERE a.id = $1))
     ON CONFLICT DO NOTHING`,
    [row.orderId, row.digest, trackingTtlMs],
  );
}

/**
 * The order a token's digest names, whether it is archived, and since when it has been in its
 * terminal status (null while open). An order ended by a replica of an older version, which does
 * not stamp `terminal_at`, counts from its last change: its link expires all the same.
 */
export async function findTrackedOrder(
  sql: Reader,
  digest: Buffer,
): Promise<{ orderId: string; archived: boolean; terminalSince: Date | null } | null> {
  const [row] = await sql.rows<{ orderId: string; archived: boolean; terminalSince: Date | null }>(
    `SELECT t.order_id AS "orderId", o.id IS NULL AS archived,
            coalesce(o.terminal_at, a.terminal_at,
                     CASE WHEN o.status = ANY($2::smallint[]) THEN o.updated_at END) AS "terminalSince"
       FROM orders.tracking_tokens t
       LEFT JOIN orders.orders o ON o.id = t.order_id
       LEFT JOIN orders_archive.orders a ON o.id IS NULL AND a.id = t.order_id
      WHERE t.token_digest = $1 AND (o.id IS NOT NULL OR a.id IS NOT NULL)`,
    [digest, TERMINAL_CODES],
  );
  return row ?? null;
}

const TERMINAL_CODES = ORDER_STATUSES.filter((s) => orderMachine.isTerminal(s)).map(orderStatusCode);
