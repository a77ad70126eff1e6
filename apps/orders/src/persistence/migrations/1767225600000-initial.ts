import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written so the indexes say exactly what the list queries and the acceptance sweep need.
 * Status columns hold the 1-based codes of statuses.ts.
 */
export class Initial1767225600000 implements MigrationInterface {
  name = 'Initial1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.orders (
        id               uuid PRIMARY KEY,
        channel_order_id text NOT NULL,
        brand_id         text NOT NULL,
        account          text,
        customer_id      text,
        customer         jsonb NOT NULL,
        delivery_address jsonb,
        pickup_time      timestamptz,
        currency         text,
        status           smallint NOT NULL CONSTRAINT orders_status_ck CHECK (status BETWEEN 1 AND 7),
        version          int NOT NULL DEFAULT 1,
        last_sequence    int NOT NULL DEFAULT 0,
        total_amount     numeric(20,4) NOT NULL DEFAULT 0,
        placed_at        timestamptz NOT NULL,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        backfilled       boolean NOT NULL DEFAULT false,
        CONSTRAINT orders_brand_channel_order_uq UNIQUE (brand_id, channel_order_id)
      )`);
    await q.query(`CREATE INDEX orders_created_idx ON orders.orders (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX orders_status_created_idx ON orders.orders (status, created_at DESC)`);
    await q.query(`CREATE INDEX orders_brand_created_idx ON orders.orders (brand_id, created_at DESC)`);
    await q.query(`CREATE INDEX orders_customer_created_idx ON orders.orders (customer_id, created_at DESC)`);
    // Only orders still awaiting acceptance: the timeout sweep reads this and nothing else.
    await q.query(`CREATE INDEX orders_placed_awaiting_idx ON orders.orders (created_at) WHERE status = 1`);

    await q.query(`
      CREATE TABLE orders.order_items (
        order_id   uuid NOT NULL CONSTRAINT order_items_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        plu        text NOT NULL,
        line_no    int NOT NULL,
        name       text NOT NULL,
        quantity   int NOT NULL CONSTRAINT order_items_quantity_ck CHECK (quantity > 0),
        unit_price numeric(20,4),
        status     smallint NOT NULL CONSTRAINT order_items_status_ck CHECK (status BETWEEN 1 AND 4),
        added_at   timestamptz NOT NULL,
        PRIMARY KEY (order_id, plu)
      )`);

    await q.query(`
      CREATE TABLE orders.payments (
        reference text CONSTRAINT payments_reference_pk PRIMARY KEY,
        order_id  uuid NOT NULL CONSTRAINT payments_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        line_no   int NOT NULL,
        amount    numeric(20,4) NOT NULL
      )`);
    await q.query(`CREATE INDEX payments_order_idx ON orders.payments (order_id, line_no)`);

    await q.query(`
      CREATE TABLE orders.status_history (
        id          bigserial PRIMARY KEY,
        order_id    uuid NOT NULL CONSTRAINT status_history_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        plu         text,
        from_status smallint,
        to_status   smallint NOT NULL,
        at          timestamptz NOT NULL,
        reason      text,
        actor       text,
        sequence    int
      )`);
    await q.query(`CREATE INDEX status_history_order_idx ON orders.status_history (order_id, id)`);

    await q.query(`
      CREATE TABLE orders.outbox (
        id           bigserial PRIMARY KEY,
        event_id     uuid NOT NULL CONSTRAINT outbox_event_id_uq UNIQUE,
        order_id     uuid NOT NULL,
        sequence     int NOT NULL,
        type         text NOT NULL,
        payload      jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    // The relay's whole working set; published rows drop out of it at once.
    await q.query(`CREATE INDEX outbox_unpublished_idx ON orders.outbox (id) WHERE published_at IS NULL`);

    await q.query(`
      CREATE TABLE orders.idempotency_keys (
        key          text PRIMARY KEY,
        request_hash text NOT NULL,
        order_id     uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'outbox', 'status_history', 'payments', 'order_items', 'orders']) {
      await q.query(`DROP TABLE IF EXISTS orders.${table}`);
    }
  }
}
