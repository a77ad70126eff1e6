import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables an archived order moves to, beside the working ones; the outbox and timers have no copy. */
export const ARCHIVED_TABLES = ['orders', 'order_items', 'payments', 'status_history', 'refunds', 'idempotency_keys'];

/**
 * Orders finished long ago leave the working tables for the schema `orders_archive` (same columns and
 * indexes, no foreign keys: rows arrive parents last). Terminal orders are found by the time of their
 * last change through a partial index that holds only them.
 */
export class OrderArchive1768400000000 implements MigrationInterface {
  name = 'OrderArchive1768400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA orders_archive`);
    for (const table of ARCHIVED_TABLES)
      await q.query(`CREATE TABLE orders_archive.${table} (LIKE orders.${table} INCLUDING ALL)`);
    // PICKED_UP, REJECTED, CANCELLED
    await q.query(`CREATE INDEX orders_terminal_idx ON orders.orders (updated_at) WHERE status IN (5, 6, 7)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX orders.orders_terminal_idx`);
    for (const table of ARCHIVED_TABLES)
      await q.query(`INSERT INTO orders.${table} SELECT * FROM orders_archive.${table} ON CONFLICT DO NOTHING`);
    await q.query(`DROP SCHEMA orders_archive CASCADE`);
  }
}
