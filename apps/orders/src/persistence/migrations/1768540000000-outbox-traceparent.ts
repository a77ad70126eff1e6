import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the change that wrote an outbox row, while tracing is on: the relay
 * publishes the event within that trace. Null otherwise (adding a nullable column rewrites nothing).
 */
export class OutboxTraceparent1768540000000 implements MigrationInterface {
  name = 'OutboxTraceparent1768540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.outbox ADD COLUMN traceparent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.outbox DROP COLUMN traceparent`);
  }
}
