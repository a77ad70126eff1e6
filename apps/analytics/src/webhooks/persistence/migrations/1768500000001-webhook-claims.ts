import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A claim counts each subscription's deliveries in flight: these few rows, not its whole backlog. */
export class WebhookClaims1768500000001 implements MigrationInterface {
  name = 'WebhookClaims1768500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX deliveries_claimed_idx ON webhooks.deliveries (subscription_id) WHERE status = 'PENDING' AND claimed_until IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhooks.deliveries_claimed_idx`);
  }
}
