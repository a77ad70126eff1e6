import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions (signing secrets sealed with WEBHOOK_SECRET_KEY, never stored in the clear), every
 * event of `orders.events` as it was published (the body that is signed and sent, and what a replay
 * sends again), each order's brand, and one delivery per (subscription, event) plus any replays.
 */
export class WebhooksInitial1767800000000 implements MigrationInterface {
  name = 'WebhooksInitial1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks.subscriptions (
        id                     uuid PRIMARY KEY,
        url                    text NOT NULL,
        types                  text[] NOT NULL,
        brand_ids              text[] NOT NULL DEFAULT '{}',
        description            text,
        status                 text NOT NULL CHECK (status IN ('ENABLED', 'DISABLED')),
        disabled_reason        text,
        sealed_secret          text NOT NULL,
        sealed_previous_secret text,
        previous_secret_until  timestamptz,
        failing_since          timestamptz,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhooks.events (
        event_id    text PRIMARY KEY,
        order_id    text NOT NULL,
        sequence    int NOT NULL,
        type        text NOT NULL,
        brand_id    text,
        time        timestamptz NOT NULL,
        body        text NOT NULL,
        fanned_out  boolean NOT NULL DEFAULT false,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX events_time_idx ON webhooks.events (time)`);
    await q.query(`CREATE INDEX events_unfanned_idx ON webhooks.events (order_id) WHERE NOT fanned_out`);
    await q.query(`CREATE TABLE webhooks.order_brands (order_id text PRIMARY KEY, brand_id text NOT NULL)`);
    await q.query(`
      CREATE TABLE webhooks.deliveries (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        subscription_id  uuid NOT NULL REFERENCES webhooks.subscriptions (id) ON DELETE CASCADE,
        event_id         text NOT NULL REFERENCES webhooks.events (event_id),
        order_id         text NOT NULL,
        sequence         int NOT NULL,
        replay           boolean NOT NULL DEFAULT false,
        status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts         int NOT NULL DEFAULT 0,
        last_status_code int,
        last_error       text,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        claimed_until    timestamptz,
        first_attempt_at timestamptz,
        delivered_at     timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // One live delivery per (subscription, event): a redelivered event records nothing twice. Replays are new deliveries.
    await q.query(`CREATE UNIQUE INDEX deliveries_once_idx ON webhooks.deliveries (subscription_id, event_id) WHERE NOT replay`);
    await q.query(
      `CREATE INDEX deliveries_pending_idx ON webhooks.deliveries (subscription_id, order_id, sequence) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX deliveries_due_idx ON webhooks.deliveries (subscription_id, next_attempt_at) WHERE status = 'PENDING'`,
    );
    await q.query(`CREATE INDEX deliveries_log_idx ON webhooks.deliveries (subscription_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhooks.deliveries, webhooks.order_brands, webhooks.events, webhooks.subscriptions`);
  }
}
