import type { MigrationInterface, QueryRunner } from 'typeorm';

const TERMINAL = '(5, 6, 7)'; // PICKED_UP, REJECTED, CANCELLED

/**
 * When an order reached its terminal status, kept on the order: retention counts from there, so a
 * later refund or edit (which moves `updated_at`) does not restart it. Orders already terminal take
 * the time of that status in their history, or their last change when the history lacks it. The
 * archive gets the column too, in the same place: orders move between the two by `SELECT *`.
 */
export class TerminalAt1768600000000 implements MigrationInterface {
  name = 'TerminalAt1768600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const schema of ['orders', 'orders_archive']) {
      await q.query(`ALTER TABLE ${schema}.orders ADD COLUMN terminal_at timestamptz`);
      await q.query(`
        UPDATE ${schema}.orders o
           SET terminal_at = coalesce((SELECT max(h.at) FROM ${schema}.status_history h
                                        WHERE h.order_id = o.id AND h.plu IS NULL AND h.to_status = o.status), o.updated_at)
         WHERE o.status IN ${TERMINAL}`);
    }
    await q.query(`DROP INDEX orders.orders_terminal_idx`);
    await q.query(`CREATE INDEX orders_terminal_idx ON orders.orders (terminal_at) WHERE terminal_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX orders.orders_terminal_idx`);
    await q.query(`CREATE INDEX orders_terminal_idx ON orders.orders (updated_at) WHERE status IN ${TERMINAL}`);
    for (const schema of ['orders', 'orders_archive']) await q.query(`ALTER TABLE ${schema}.orders DROP COLUMN terminal_at`);
  }
}
