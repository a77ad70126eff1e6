import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Create requests refused after the gateway answered 202, so the order's URL can answer the refusal. */
export class OrderRefusals1767571200000 implements MigrationInterface {
  name = 'OrderRefusals1767571200000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key: the row stands exactly for an order that does not exist.
    await q.query(`
      CREATE TABLE orders.order_refusals (
        order_id     uuid PRIMARY KEY,
        request_hash text NOT NULL,
        error        jsonb NOT NULL,
        refused_at   timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.order_refusals`);
  }
}
