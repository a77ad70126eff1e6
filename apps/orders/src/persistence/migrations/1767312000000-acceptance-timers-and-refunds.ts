import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The acceptance timer's outbox and the refund requests of rejected and cancelled orders. */
export class AcceptanceTimersAndRefunds1767312000000 implements MigrationInterface {
  name = 'AcceptanceTimersAndRefunds1767312000000';

  async up(q: QueryRunner): Promise<void> {
    // Committed with the order, published to the delay queue after commit: a rolled-back order never arms a timer.
    await q.query(`
      CREATE TABLE orders.acceptance_timers (
        order_id     uuid PRIMARY KEY CONSTRAINT acceptance_timers_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        due_at       timestamptz NOT NULL,
        published_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX acceptance_timers_unpublished_idx ON orders.acceptance_timers (due_at) WHERE published_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE orders.refunds (
        id                uuid PRIMARY KEY,
        order_id          uuid NOT NULL CONSTRAINT refunds_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        payment_reference text NOT NULL CONSTRAINT refunds_payment_reference_uq UNIQUE,
        amount            numeric(20,4) NOT NULL,
        status            text NOT NULL DEFAULT 'PENDING'
                          CONSTRAINT refunds_status_ck CHECK (status IN ('PENDING', 'PROCESSED', 'FAILED')),
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX refunds_created_idx ON orders.refunds (created_at, id)`);
    await q.query(`CREATE INDEX refunds_order_idx ON orders.refunds (order_id, created_at, id)`);
    await q.query(`CREATE INDEX refunds_status_created_idx ON orders.refunds (status, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.refunds`);
    await q.query(`DROP TABLE IF EXISTS orders.acceptance_timers`);
  }
}
