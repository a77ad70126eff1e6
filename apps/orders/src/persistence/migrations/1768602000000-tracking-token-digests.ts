import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tracking tokens are kept as their SHA-256 only, so a database dump holds no working link. The
 * table is rebuilt rather than its `token` column dropped: a dropped column stays in the table's
 * pages until they are rewritten. A token row names its order without a foreign key: it outlives
 * the order's move to the archive until the link expires (`expires_at`, stamped then). An order may
 * have several tokens: each create of it that reached the service answered one, and each works.
 */
export class TrackingTokenDigests1768602000000 implements MigrationInterface {
  name = 'TrackingTokenDigests1768602000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.tracking_token_digests (
        token_digest bytea CONSTRAINT tracking_token_digests_pk PRIMARY KEY,
        order_id     uuid NOT NULL,
        expires_at   timestamptz
      )`);
    await q.query(
      `INSERT INTO orders.tracking_token_digests (token_digest, order_id) SELECT token_digest, order_id FROM orders.tracking_tokens`,
    );
    await q.query(`DROP TABLE orders.tracking_tokens`);
    await q.query(`ALTER TABLE orders.tracking_token_digests RENAME TO tracking_tokens`);
    await q.query(`ALTER TABLE orders.tracking_tokens RENAME CONSTRAINT tracking_token_digests_pk TO tracking_tokens_pk`);
    await q.query(`CREATE INDEX tracking_tokens_order_idx ON orders.tracking_tokens (order_id)`);
    await q.query(`CREATE INDEX tracking_tokens_expiry_idx ON orders.tracking_tokens (expires_at) WHERE expires_at IS NOT NULL`);
  }

  /** The tokens themselves cannot come back: going down forgets every link. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE orders.tracking_tokens`);
    await q.query(`
      CREATE TABLE orders.tracking_tokens (
        order_id     uuid PRIMARY KEY CONSTRAINT tracking_tokens_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        token_digest bytea NOT NULL CONSTRAINT tracking_tokens_digest_uq UNIQUE,
        token        text NOT NULL
      )`);
  }
}
