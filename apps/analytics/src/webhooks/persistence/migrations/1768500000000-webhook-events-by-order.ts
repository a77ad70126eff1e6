import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fan-out asks, for each waiting event, whether the event before it of the same order was fanned
 * out and whether the order has any earlier event at all: without this index each question scanned
 * every event kept (30 days of them).
 */
export class WebhookEventsByOrder1768500000000 implements MigrationInterface {
  name = 'WebhookEventsByOrder1768500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_order_sequence_idx ON webhooks.events (order_id, sequence)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhooks.events_order_sequence_idx`);
  }
}
