import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brand availability: one row per brand ever configured (its state and the sequence of its events)
 * and one per snoozed PLU. The partial indexes hold only what has an `until`, so the sweep that
 * finds passed ones costs an index probe. Brand events go through the outbox like order events;
 * their subject is a brand id, not an order's, so the outbox's order id may be null.
 */
export class BrandAvailability1768100000000 implements MigrationInterface {
  name = 'BrandAvailability1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.brand_availability (
        brand_id           text        PRIMARY KEY,
        state              text        NOT NULL DEFAULT 'ONLINE' CONSTRAINT brand_availability_state CHECK (state IN ('ONLINE', 'BUSY', 'PAUSED')),
        extra_prep_minutes int         CONSTRAINT brand_availability_extra CHECK (extra_prep_minutes BETWEEN 1 AND 120),
        until              timestamptz,
        last_sequence      int         NOT NULL DEFAULT 0,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX brand_availability_until_idx ON orders.brand_availability (until) WHERE until IS NOT NULL`);
    await q.query(`
      CREATE TABLE orders.item_availability (
        brand_id text NOT NULL,
        plu      text NOT NULL,
        until    timestamptz,
        PRIMARY KEY (brand_id, plu)
      )`);
    await q.query(`CREATE INDEX item_availability_until_idx ON orders.item_availability (until) WHERE until IS NOT NULL`);
    await q.query(`ALTER TABLE orders.outbox ALTER COLUMN order_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM orders.outbox WHERE order_id IS NULL`);
    await q.query(`ALTER TABLE orders.outbox ALTER COLUMN order_id SET NOT NULL`);
    await q.query(`DROP TABLE IF EXISTS orders.item_availability`);
    await q.query(`DROP TABLE IF EXISTS orders.brand_availability`);
  }
}
