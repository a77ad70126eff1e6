import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Keys of changes to existing orders (status, items, details, refunds): the key as
 * scoped by the orders service (caller, route, target), the hash of the request it came with and
 * the answer the change got, written in the change's own transaction; `target` is the order, refund
 * or brand it names. Kept 24 hours.
 */
export class ChangeKeys1768300000000 implements MigrationInterface {
  name = 'ChangeKeys1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.change_keys (
        scope        text PRIMARY KEY,
        request_hash text NOT NULL,
        target       text NOT NULL,
        answer       jsonb NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX change_keys_created_at_idx ON orders.change_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.change_keys`);
  }
}
