import { jest } from '@jest/globals';
import { createDataSource, inTransaction, runMigrations, type Tx } from '#persistence';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { anOrder } from '../../apps/orders/src/domain/order.fixtures.js';
import { insertOrders } from '../../apps/orders/src/persistence/order.repository.js';
import {
  createOrdersDataSource,
  ORDERS_MIGRATIONS,
  ordersDataSourceSpec,
} from '../../apps/orders/src/persistence/orders-data-source.js';
import { eventually } from '../support/wait.js';
import { createScratchDatabase, testDatabaseUrl } from './support/orders-test-kit.js';

testDatabaseUrl();

const MIGRATIONS = ORDERS_MIGRATIONS.map((m) => m.name);

/** Migrates a database of its own from nothing, so it can watch the first migration happen. */
describe('schema and migrations (real PostgreSQL)', () => {
  let db: { url: string; drop(): Promise<void> };
  const open: DataSource[] = [];

  async function connect(): Promise<DataSource> {
    const ds = createOrdersDataSource(db.url, 2);
    open.push(ds);
    return ds.initialize();
  }

  beforeAll(async () => {
    db = await createScratchDatabase('migrate', { empty: true });
  });
  afterAll(async () => {
    try {
      await Promise.allSettled(open.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
    } finally {
      await db?.drop();
    }
  });

  it('builds data sources that never synchronize, with their own migrations table and a pool of 16', () => {
    const ds = createDataSource({ url: db.url, schema: 'analytics', entities: [], migrations: [] });
    expect(ds.options).toMatchObject({
      type: 'postgres',
      schema: 'analytics',
      synchronize: false,
      migrationsRun: false,
      migrationsTableName: 'analytics_migrations',
      poolSize: 16,
    });
    expect(createOrdersDataSource(db.url, 4).options).toMatchObject({ schema: 'orders', synchronize: false, poolSize: 4 });
  });

  it('lets replicas starting together migrate once: one applies, the others find nothing to do', async () => {
    const replicas = await Promise.all([connect(), connect(), connect()]);
    const applied = await Promise.all(replicas.map((ds) => runMigrations(ds)));
    expect(MIGRATIONS).toEqual([
      'Initial1767225600000',
      'AcceptanceTimersAndRefunds1767312000000',
      'OrderRefusals1767571200000',
      'AcceptanceSweep1767600000000',
      'AppliedReplays1767700000000',
      'Fulfillment1767800000000',
      'ScheduledOrders1767900000000',
      'PromisedTimes1768000000000',
      'BrandAvailability1768100000000',
      'OrderEdits1768200000000',
      'ChangeKeys1768300000000',
      'TrackingTokens1768350000000',
      'OrderArchive1768400000000',
      'OutboxTraceparent1768540000000',
      'TerminalAt1768600000000',
      'ArchivedKeysStay1768601000000',
      'TrackingTokenDigests1768602000000',
    ]);
    expect(applied.flat()).toEqual(MIGRATIONS);

    const [ds] = replicas;
    const rows = await ds!.query('SELECT name FROM orders.orders_migrations');
    expect(rows).toEqual(MIGRATIONS.map((name) => ({ name })));
    const tables = await ds!.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'orders' ORDER BY 1`);
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual([
      'applied_replays',
      'brand_availability',
      'change_keys',
      'idempotency_keys',
      'item_availability',
      'order_items',
      'order_refusals',
      'orders',
      'orders_migrations',
      'outbox',
      'payments',
      'prep_times',
      'refunds',
      'status_history',
      'tracking_tokens',
    ]);
    expect(await runMigrations(ds!)).toEqual([]);
  });

  it('creates the list and sweep indexes the queries rely on', async () => {
    const ds = await connect();
    const indexes: { indexname: string; indexdef: string }[] = await ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'orders' AND tablename IN ('orders', 'outbox')`,
    );
    const def = (name: string) => indexes.find((i) => i.indexname === name)?.indexdef;
    expect(def('orders_created_idx')).toContain('(created_at DESC, id DESC)');
    expect(def('orders_status_created_idx')).toContain('(status, created_at DESC)');
    expect(def('orders_customer_created_idx')).toContain('(customer_id, created_at DESC)');
    expect(def('orders_awaiting_release_idx')).toMatch(/\(release_at\) WHERE \(\(status = 1\) AND \(NOT backfilled\)\)/);
    expect(def('outbox_unpublished_idx')).toMatch(/\(id\) WHERE \(published_at IS NULL\)/);
  });

  it('refuses status codes outside the tables and non-positive quantities', async () => {
    const ds = await connect();
    const insert = (status: number) =>
      ds.query(
        `INSERT INTO orders.orders (id, channel_order_id, brand_id, customer, status, placed_at, created_at, updated_at)
         VALUES (gen_random_uuid(), gen_random_uuid()::text, 'b', '{}', $1, now(), now(), now())`,
        [status],
      );
    await expect(insert(8)).rejects.toMatchObject({ code: '23514', constraint: 'orders_status_ck' });
    await expect(insert(0)).rejects.toMatchObject({ code: '23514' });
    await insert(1);
    await expect(
      ds.query(
        `INSERT INTO orders.order_items (order_id, plu, line_no, name, quantity, status, added_at)
         SELECT id, 'P', 1, 'n', 0, 1, now() FROM orders.orders LIMIT 1`,
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'order_items_quantity_ck' });
  });

  it('runs after-commit hooks once the transaction committed, and none when it rolled back', async () => {
    const ds = await connect();
    await runMigrations(ds);
    const seen: number[] = [];
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const count = async () =>
      (
        (await ds.query(`SELECT count(*)::int AS n FROM orders.order_refusals WHERE request_hash = 'after-commit'`)) as {
          n: number;
        }[]
      )[0]!.n;
    const insert = (tx: Tx) =>
      tx.affected(
        `INSERT INTO orders.order_refusals (order_id, request_hash, error, refused_at) VALUES (gen_random_uuid(), 'after-commit', '{}', now())`,
      );

    await inTransaction(ds, async (tx) => {
      await insert(tx);
      tx.afterCommit(() => void count().then((n) => seen.push(n)));
      tx.afterCommit(() => {
        throw new Error('a failing hook neither undoes the commit nor stops the next hook');
      });
      tx.afterCommit(() => seen.push(-1));
    });
    await expect(
      inTransaction(ds, async (tx) => {
        await insert(tx);
        tx.afterCommit(() => seen.push(-2));
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');

    await eventually(async () => seen.length === 2, 'the committed hooks');
    expect(seen.sort((a, b) => a - b)).toEqual([-1, 1]);
    expect(await count()).toBe(1);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('a failing hook neither undoes the commit'));
    logged.mockRestore();
  });

  it('keeps tracking tokens as digests only, gives ended orders their terminal time and brings archived keys back', async () => {
    const previous = await createScratchDatabase('migrate_data', { empty: true });
    const upTo = (name: string) =>
      createDataSource({
        ...ordersDataSourceSpec(previous.url, 2),
        migrations: ORDERS_MIGRATIONS.slice(0, MIGRATIONS.indexOf(name) + 1),
      }).initialize();
    const before = await upTo('OutboxTraceparent1768540000000');
    try {
      await runMigrations(before);
      const ended = anOrder({ id: randomUUID() });
      const archived = anOrder({ id: randomUUID() });
      await inTransaction(before, (tx) => insertOrders(tx, [ended]));
      const endedAt = new Date('2026-03-01T10:00:00.000Z');
      await before.query(`UPDATE orders.orders SET status = 7, updated_at = now() WHERE id = $1`, [ended.id]);
      await before.query(
        `INSERT INTO orders.status_history (order_id, plu, from_status, to_status, at, sequence) VALUES ($1, NULL, 1, 7, $2, 2)`,
        [ended.id, endedAt],
      );
      const token = 'T'.repeat(32);
      const digest = createHash('sha256').update(token).digest();
      await before.query(`INSERT INTO orders.tracking_tokens (order_id, token_digest, token) VALUES ($1, $2, $3)`, [
        ended.id,
        digest,
        token,
      ]);
      await before.query(`INSERT INTO orders_archive.idempotency_keys (key, request_hash, order_id) VALUES ('k-1', 'h', $1)`, [
        archived.id,
      ]);
    } finally {
      await before.destroy();
    }
    const after = createOrdersDataSource(previous.url, 2);
    try {
      await after.initialize();
      expect(await runMigrations(after)).toEqual(MIGRATIONS.slice(MIGRATIONS.indexOf('TerminalAt1768600000000')));
      expect(await after.query(`SELECT terminal_at FROM orders.orders`)).toEqual([
        { terminal_at: new Date('2026-03-01T10:00:00.000Z') },
      ]);
      const tokens = await after.query(`SELECT * FROM orders.tracking_tokens`);
      expect(tokens).toEqual([
        { token_digest: createHash('sha256').update('T'.repeat(32)).digest(), order_id: expect.any(String), expires_at: null },
      ]);
      expect(await after.query(`SELECT key FROM orders.idempotency_keys`)).toEqual([{ key: 'k-1' }]);
    } finally {
      await after.destroy();
      await previous.drop();
    }
  });

  it('undoes the migrations completely', async () => {
    const ds = await connect();
    for (let left = MIGRATIONS.length; left > 0; left--) await ds.undoLastMigration();
    const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'orders'`);
    expect(tables).toEqual([{ table_name: 'orders_migrations' }]);
    expect(await runMigrations(ds)).toEqual(MIGRATIONS);
  });
});
