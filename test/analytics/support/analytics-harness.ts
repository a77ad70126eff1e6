import type { INestApplication } from '@nestjs/common';
import amqplib from 'amqplib';
import pg from 'pg';
import { loadConfig } from '#config';
import type { CloudEvent } from '#contracts';
import { createAnalyticsApp } from '../../../apps/analytics/src/analytics-app.js';
import { createScratchDatabase } from '../../orders/support/orders-test-kit.js';
// @ts-expect-error plain JS helper of the test set-up, without type declarations
import { createVhost, deleteVhost } from '#test-support/isolation.js';

/** The analytics service on a database and vhost of its own, a SQL client on it, and a publisher on `orders.events`. */
export interface AnalyticsHarness {
  db: Awaited<ReturnType<typeof createScratchDatabase>>;
  sql: pg.Client;
  channel: amqplib.ConfirmChannel;
  /** The running service; `undefined` while stopped (a test that stops it sets this). */
  app: INestApplication | undefined;
  start(): Promise<void>;
  publish(events: CloudEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function analyticsHarness(name: string, env: Record<string, string> = {}): Promise<AnalyticsHarness> {
  const vhost = `${process.env.OMS_TEST_RUN ?? `oms_test_${name}`}_${name}`;
  const db = await createScratchDatabase(name);
  const amqpUrl = (await createVhost(vhost)) as string;
  const config = loadConfig({ DATABASE_URL: db.url, AMQP_URL: amqpUrl, LOG_LEVEL: 'silent', ...env });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const connection = await amqplib.connect(amqpUrl);
  const channel = await connection.createConfirmChannel();
  const harness: AnalyticsHarness = {
    db,
    sql,
    channel,
    app: undefined,
    async start() {
      const app = await createAnalyticsApp(config);
      await app.listen(0, '127.0.0.1');
      harness.app = app;
    },
    async publish(events) {
      for (const e of events) {
        channel.publish('orders.events', e.type, Buffer.from(JSON.stringify(e)), {
          persistent: true,
          contentType: 'application/json',
          messageId: e.id,
        });
      }
      await channel.waitForConfirms();
    },
    async close() {
      await channel.close().catch(() => {});
      await connection.close().catch(() => {});
      await harness.app?.close();
      await sql.end();
      await db.drop();
      await (deleteVhost(vhost) as Promise<void>).catch(() => {});
    },
  };
  await harness.start();
  return harness;
}
