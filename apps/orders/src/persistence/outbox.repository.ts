import type { CloudEvent } from '#contracts';
import type { Sql } from '#persistence';

/** Events committed with the change that caused them, for the relay; one statement for any number. */
export async function insertOutbox(sql: Sql, events: CloudEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql.affected(
    `INSERT INTO orders.outbox (event_id, order_id, sequence, type, payload)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::jsonb[])`,
    [
      events.map((e) => e.id),
      events.map((e) => e.subject),
      events.map((e) => e.sequence),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e)),
    ],
  );
}
