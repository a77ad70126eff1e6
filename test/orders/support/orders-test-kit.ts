import { AppConfigModule, loadConfig } from '#config';
import { openMigrated } from '#persistence';
import type { CloudEvent, CreateOrderCommand, CreateOrderDto } from '#contracts';
import { orderIdFor } from '#contracts';
import { Test, type TestingModule } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AcceptanceSweep } from '../../../apps/orders/src/acceptance/acceptance-sweep.service.js';
import { AcceptanceTimeoutService } from '../../../apps/orders/src/acceptance/acceptance-timeout.service.js';
import { AddItemsService } from '../../../apps/orders/src/commands/add-items/add-items.service.js';
import { ChangeItemStatusService } from '../../../apps/orders/src/commands/change-item-status/change-item-status.service.js';
import { ListRefundsService } from '../../../apps/orders/src/refunds/list-refunds/list-refunds.service.js';
import { UpdateRefundService } from '../../../apps/orders/src/refunds/update-refund/update-refund.service.js';
import { ChangeStatusService } from '../../../apps/orders/src/commands/change-status/change-status.service.js';
import { CreateOrderService } from '../../../apps/orders/src/commands/create-order/create-order.service.js';
import { OrdersModule } from '../../../apps/orders/src/orders.module.js';
import { EVENT_PUBLISHER, type EventPublisher } from '../../../apps/orders/src/outbox/event-publisher.port.js';
import {
  OUTBOX_RELAY_OPTIONS,
  OutboxRelay,
  type OutboxRelayOptions,
} from '../../../apps/orders/src/outbox/outbox-relay.service.js';
import { createAnalyticsDataSource } from '../../../apps/analytics/src/persistence/analytics-data-source.js';
import { createWebhooksDataSource } from '../../../apps/analytics/src/webhooks/persistence/webhooks-data-source.js';
import { createOrdersDataSource } from '../../../apps/orders/src/persistence/orders-data-source.js';
import { GetHistoryService } from '../../../apps/orders/src/queries/get-history/get-history.service.js';
import { GetOrderService } from '../../../apps/orders/src/queries/get-order/get-order.service.js';
import { ListOrdersService } from '../../../apps/orders/src/queries/list-orders/list-orders.service.js';

/** The database these tests may write to: refuses any whose name does not say it is for tests. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; point it at a database whose name contains "test"');
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.includes('test')) throw new Error(`refusing to run against database "${name}": its name must contain "test"`);
  return url;
}

/**
 * A database of the test's own beside the run's, for tests that must see every row (the relay
 * drains all of them). Its name extends the run's, so it says test too. It is a copy of the run's
 * migrated template (every schema at its latest migration), unless `empty`, for a test that
 * migrates from nothing.
 */
export async function createScratchDatabase(
  suffix: string,
  { empty = false }: { empty?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(testDatabaseUrl());
  const name = `${decodeURIComponent(base.pathname.slice(1))}_${suffix}_${process.pid}`;
  const template = empty ? undefined : await migratedTemplate();
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * The run's template database, migrated once by the first test that asks while the others wait on an
 * advisory lock; it gets its final name only once migrated. The global teardown drops it.
 */
async function migratedTemplate(): Promise<string> {
  const run = process.env.OMS_TEST_RUN ?? decodeURIComponent(new URL(testDatabaseUrl()).pathname.slice(1));
  const name = `${run}_template`;
  // Advisory locks are per database: the workers, each on a database of its own, meet in the admin database.
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL ?? adminUrlOf(testDatabaseUrl()) });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const building = `${run}_template_building`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      const url = new URL(testDatabaseUrl());
      url.pathname = `/${building}`;
      for (const create of [createOrdersDataSource, createAnalyticsDataSource, createWebhooksDataSource]) {
        await (await openMigrated(create(url.toString(), 2))).destroy();
      }
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
    return name;
  } finally {
    await client.end();
  }
}

const adminUrlOf = (databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fake of our own port: records what the broker would have confirmed, and can fail on demand. */
export class RecordingPublisher implements EventPublisher {
  readonly events: CloudEvent[] = [];
  readonly batches: number[] = [];
  /** How many coming publishes fail before reaching the broker. */
  failures = 0;
  /** Runs before the events count as confirmed: a delay, or a throw after "sending". */
  beforeConfirm?: (events: CloudEvent[]) => Promise<void>;

  async publish(events: CloudEvent[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('broker unavailable');
    }
    await this.beforeConfirm?.(events);
    this.batches.push(events.length);
    this.events.push(...events);
  }

  /** Other spec files share the database, so a test looks only at its own orders' events. */
  of(orderIds: string[]): CloudEvent[] {
    return this.events.filter((e) => orderIds.includes(e.subject));
  }
}

export interface OrdersKit {
  moduleRef: TestingModule;
  dataSource: DataSource;
  publisher: RecordingPublisher;
  relay: OutboxRelay;
  create: CreateOrderService;
  changeStatus: ChangeStatusService;
  getOrder: GetOrderService;
  list: ListOrdersService;
  history: GetHistoryService;
  changeItemStatus: ChangeItemStatusService;
  addItems: AddItemsService;
  listRefunds: ListRefundsService;
  updateRefund: UpdateRefundService;
  timeout: AcceptanceTimeoutService;
  sweep: AcceptanceSweep;
  close(): Promise<void>;
}

export async function startOrders(
  options: {
    relay?: Partial<OutboxRelayOptions>;
    url?: string;
    publisher?: RecordingPublisher;
    env?: Record<string, string>;
  } = {},
): Promise<OrdersKit> {
  const publisher = options.publisher ?? new RecordingPublisher();
  const relay = options.relay ?? {};
  // The relay and the acceptance sweep stay stopped: tests drive them by hand.
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(loadConfig({ DATABASE_URL: options.url ?? testDatabaseUrl(), ...options.env })),
      OrdersModule.forRoot({ imports: [] }),
    ],
  })
    .overrideProvider(EVENT_PUBLISHER)
    .useValue(publisher)
    .overrideProvider(OUTBOX_RELAY_OPTIONS)
    .useValue(relay)
    .compile();
  await moduleRef.init();
  return {
    moduleRef,
    dataSource: moduleRef.get(DataSource),
    publisher,
    relay: moduleRef.get(OutboxRelay),
    create: moduleRef.get(CreateOrderService),
    changeStatus: moduleRef.get(ChangeStatusService),
    getOrder: moduleRef.get(GetOrderService),
    list: moduleRef.get(ListOrdersService),
    history: moduleRef.get(GetHistoryService),
    changeItemStatus: moduleRef.get(ChangeItemStatusService),
    addItems: moduleRef.get(AddItemsService),
    listRefunds: moduleRef.get(ListRefundsService),
    updateRefund: moduleRef.get(UpdateRefundService),
    timeout: moduleRef.get(AcceptanceTimeoutService),
    sweep: moduleRef.get(AcceptanceSweep),
    close: () => moduleRef.close(),
  };
}

/** A brand of its own per test, so tests sharing the database never see each other's orders. */
export const newBrand = (): string => `brand-${randomUUID()}`;

export function orderInput(overrides: Partial<CreateOrderDto> = {}): CreateOrderDto {
  return {
    channelOrderId: `CH-${randomUUID()}`,
    brandId: newBrand(),
    account: 'acct-1',
    customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+123456789' },
    deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
    // Soon enough not to be scheduled, in the wire's own form.
    pickupTime: new Date(Date.now() + 20 * 60_000).toISOString(),
    items: [
      { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 2, unitPrice: 12.5 },
      { plu: 'CAT1-0002', name: 'Fries', quantity: 3, unitPrice: 0.1 },
    ],
    payments: [{ reference: `pay_${randomUUID()}`, amount: 25.3 }],
    currency: 'EUR',
    ...overrides,
  };
}

export function createCommand(
  order: CreateOrderDto = orderInput(),
  extra: Partial<Omit<CreateOrderCommand, 'order'>> = {},
): CreateOrderCommand {
  return {
    orderId: orderIdFor(order.brandId, order.channelOrderId),
    order,
    requestHash: `hash-${JSON.stringify(order).length}`,
    trackingToken: randomBytes(24).toString('base64url'),
    caller: { role: 'channel', actor: 'channel:test' },
    correlationId: randomUUID(),
    ...extra,
  };
}

export interface OutboxRow {
  sequence: number;
  type: string;
  event_id: string;
  payload: CloudEvent;
  published_at: Date | null;
}

export const outboxOf = (ds: DataSource, orderId: string): Promise<OutboxRow[]> =>
  ds.query('SELECT sequence, type, event_id, payload, published_at FROM orders.outbox WHERE order_id = $1 ORDER BY id', [
    orderId,
  ]);

export async function countRows(ds: DataSource, table: string, orderId: string): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM orders.${table} WHERE order_id = $1`, [orderId])) as {
    n: number;
  }[];
  return row!.n;
}

/** Unwraps a Result, failing the test with the domain error when there is one. */
export function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}
