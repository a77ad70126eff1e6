import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the pruning of old events find their deliveries without a scan of every delivery. */
export class WebhookEventPruning1768100000000 implements MigrationInterface {
  name = 'WebhookEventPruning1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deliveries_event_idx ON webhooks.deliveries (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhooks.deliveries_event_idx`);
  }
}
