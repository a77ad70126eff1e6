import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Keys of the webhook admin writes: the key as scoped (caller, route, target), the hash
 * of the request and its answer, sealed like a signing secret (a create's or rotation's answer holds
 * one), written in the write's own transaction. Kept 24 hours.
 */
export class WebhookRequestKeys1768300000000 implements MigrationInterface {
  name = 'WebhookRequestKeys1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks.request_keys (
        scope         text PRIMARY KEY,
        request_hash  text NOT NULL,
        sealed_answer text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_keys_created_at_idx ON webhooks.request_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhooks.request_keys`);
  }
}
