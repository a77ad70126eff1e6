import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers' tracking links. A link is found by the SHA-256 of its token (the unique index), so a
 * lookup compares digests, never the secret itself. The token is kept as well because every retry
 * of the create must answer the same one (README, "Tracking link"). Orders created before this
 * migration get their token on the next retry of their create, or have none.
 */
export class TrackingTokens1768350000000 implements MigrationInterface {
  name = 'TrackingTokens1768350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.tracking_tokens (
        order_id     uuid PRIMARY KEY CONSTRAINT tracking_tokens_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        token_digest bytea NOT NULL CONSTRAINT tracking_tokens_digest_uq UNIQUE,
        token        text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.tracking_tokens`);
  }
}
