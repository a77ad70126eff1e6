import type { DomainError } from '#contracts';
import type { Reader, WritePart } from '#persistence';

/**
 * Keeps a create refusal under the order's id, unless an order of that id exists: a client
 * holding a 202 then reads the refusal at the order's URL instead of a 404.
 */
export async function keepRefusal(sql: Reader, orderId: string, requestHash: string, error: DomainError): Promise<void> {
  await sql.rows(
    `INSERT INTO orders.order_refusals (order_id, request_hash, error, refused_at)
     SELECT $1, $2, $3, now() WHERE NOT EXISTS (SELECT 1 FROM orders.orders WHERE id = $1)
     ON CONFLICT (order_id) DO UPDATE SET request_hash = EXCLUDED.request_hash, error = EXCLUDED.error,
       refused_at = EXCLUDED.refused_at`,
    [orderId, requestHash, JSON.stringify(error)],
  );
}

/** Orders created at last supersede their earlier refusals (called in the creating transaction). */
export const refusalsForget = (orderIds: string[]): WritePart | null =>
  orderIds.length ? { sql: 'DELETE FROM orders.order_refusals WHERE order_id = ANY($1::uuid[])', params: [orderIds] } : null;

export async function findRefusal(sql: Reader, orderId: string): Promise<DomainError | null> {
  const [row] = await sql.rows<{ error: DomainError }>('SELECT error FROM orders.order_refusals WHERE order_id = $1', [orderId]);
  return row?.error ?? null;
}
