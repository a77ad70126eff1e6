import { MAX_PREP_SAMPLES } from '../domain/promised-time.js';
import type { WritePart } from '#persistence';
import type { OrderChange } from './order-change.js';

/**
 * The recent ACCEPTED → READY times of each brand, kept in the transaction that moves an order to
 * READY and pruned to the brand's last MAX_PREP_SAMPLES there too: an estimate reads at most that
 * many rows of one index range (brand-availability.repository.ts reads them with BUSY's minutes).
 */

/**
 * The prep time of every order these changes moved to READY after an acceptance this service
 * recorded, and the prune of each brand's older samples. Both are parts of one statement, so the
 * prune cannot see the new rows: it ranks the stored ones together with them, and deletes the
 * stored ones beyond the brand's last MAX_PREP_SAMPLES.
 */
export function prepTimesRecord(changes: OrderChange[]): WritePart[] {
  const samples = changes.flatMap(({ after, events }) =>
    events.flatMap((e) =>
      e.type === 'order.status_changed' && e.to === 'READY' && after.acceptedAt
        ? [{ brandId: after.brandId, readyAt: e.at, orderId: after.id, prepMs: e.at.getTime() - after.acceptedAt.getTime() }]
        : [],
    ),
  );
  if (samples.length === 0) return [];
  const columns = [samples.map((s) => s.brandId), samples.map((s) => s.readyAt), samples.map((s) => s.orderId)];
  return [
    {
      sql: `INSERT INTO orders.prep_times (brand_id, ready_at, order_id, prep_ms)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::uuid[], $4::bigint[]) ON CONFLICT DO NOTHING`,
      params: [...columns, samples.map((s) => s.prepMs)],
    },
    {
      sql: `DELETE FROM orders.prep_times p
      USING (SELECT brand_id, ready_at, order_id,
                    row_number() OVER (PARTITION BY brand_id ORDER BY ready_at DESC, order_id DESC) AS n
               FROM (SELECT brand_id, ready_at, order_id FROM orders.prep_times WHERE brand_id = ANY($1::text[])
                     UNION SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::uuid[])) samples) ranked
      WHERE ranked.n > $4 AND p.brand_id = ranked.brand_id AND p.ready_at = ranked.ready_at AND p.order_id = ranked.order_id`,
      params: [...columns, MAX_PREP_SAMPLES],
    },
  ];
}
