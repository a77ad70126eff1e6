import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys no longer move to the archive with their order: a retried create finds its key
 * where every create looks for it, in the working table's primary key, and answers the archived
 * order instead of creating it again. The keys archived so far come back.
 */
export class ArchivedKeysStay1768601000000 implements MigrationInterface {
  name = 'ArchivedKeysStay1768601000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO orders.idempotency_keys SELECT * FROM orders_archive.idempotency_keys ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE orders_archive.idempotency_keys`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE orders_archive.idempotency_keys (LIKE orders.idempotency_keys INCLUDING ALL)`);
    await q.query(`
      WITH moved AS (
        DELETE FROM orders.idempotency_keys k WHERE EXISTS (SELECT 1 FROM orders_archive.orders a WHERE a.id = k.order_id)
        RETURNING *)
      INSERT INTO orders_archive.idempotency_keys SELECT * FROM moved`);
  }
}
