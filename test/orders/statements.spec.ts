import { runMigrations, type Tx } from '#persistence';
import pg from 'pg';
import { PLACED_AT, anOrder, createCommand, staff } from '../../apps/orders/src/domain/order.fixtures.js';
import { addItems } from '../../apps/orders/src/domain/add-items.js';
import { changeStatus } from '../../apps/orders/src/domain/change-status.js';
import type { Transition } from '../../apps/orders/src/domain/order.js';
import { placeOrder } from '../../apps/orders/src/domain/place-order.js';
import { neverConfigured, setAvailability, setItemAvailability } from '../../apps/orders/src/domain/brand-availability.js';
import * as archive from '../../apps/orders/src/persistence/order-archive.repository.js';
import * as availability from '../../apps/orders/src/persistence/brand-availability.repository.js';
import * as changeKeys from '../../apps/orders/src/persistence/change-key.repository.js';
import * as idempotencyKeys from '../../apps/orders/src/persistence/idempotency-key.repository.js';
import * as queries from '../../apps/orders/src/persistence/order-queries.repository.js';
import * as refusals from '../../apps/orders/src/persistence/order-refusal.repository.js';
import * as orders from '../../apps/orders/src/persistence/order.repository.js';
import { createOrdersDataSource } from '../../apps/orders/src/persistence/orders-data-source.js';
import * as outbox from '../../apps/orders/src/persistence/outbox.repository.js';
import * as prepTimes from '../../apps/orders/src/persistence/prep-time.repository.js';
import * as refunds from '../../apps/orders/src/persistence/refund.repository.js';
import * as tracking from '../../apps/orders/src/persistence/tracking-token.repository.js';
import { toCloudEvents } from '../../apps/orders/src/wire/order-event.mapper.js';
import { testDatabaseUrl } from './support/orders-test-kit.js';

testDatabaseUrl();

/**
 * Every statement of the orders repositories, run against the migrated schema with rows that make
 * each one do its work, in a transaction rolled back at the end. A statement that no longer fits the
 * schema (a renamed column, a cast that does not hold, a parameter of the wrong type) fails here
 * rather than on the first request that sends it. The statements as sent are kept in a snapshot, so
 * that a change to one reads in review as the SQL it became.
 */
const REPOSITORIES = {
  archive,
  availability,
  changeKeys,
  idempotencyKeys,
  queries,
  refusals,
  orders,
  outbox,
  prepTimes,
  refunds,
  tracking,
};

/** The exported functions that take a connection: each must be run below. */
const statementFunctions = Object.entries(REPOSITORIES).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'function' && /^(async )?function \w+\((sql|tx)\b/.test(String(value)))
    .map(([name]) => `${module}.${name}`),
);

describe('the statements of the orders repositories (real PostgreSQL)', () => {
  let client: pg.Client;
  const sent = new Map<string, Set<string>>();
  const run = new Set<string>();
  let current = '';

  /** A transaction's connection that notes each statement under the repository function sending it. */
  const tx: Tx = {
    async rows<T>(text: string, params?: unknown[]) {
      note(text);
      return (await client.query(text, params)).rows as T[];
    },
    async affected(text: string, params?: unknown[]) {
      note(text);
      return (await client.query(text, params)).rowCount ?? 0;
    },
    afterCommit: () => undefined,
  };
  /** Statements sent by the test itself, to look at what a function wrote, are not noted. */
  const note = (text: string) => {
    if (!current) return;
    const statements = sent.get(current) ?? new Set<string>();
    statements.add(text.replace(/\s+/g, ' ').trim());
    sent.set(current, statements);
  };
  /** Runs a repository function, noted by its module and name. */
  async function call<M extends keyof typeof REPOSITORIES, F extends keyof (typeof REPOSITORIES)[M] & string>(
    module: M,
    name: F,
    ...args: unknown[]
  ): Promise<unknown> {
    current = `${module}.${name}`;
    run.add(current);
    const fn = REPOSITORIES[module][name] as (...a: unknown[]) => Promise<unknown>;
    try {
      return await fn(...args);
    } finally {
      current = '';
    }
  }

  beforeAll(async () => {
    const dataSource = await createOrdersDataSource(testDatabaseUrl(), 2).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    await client.query('BEGIN');
  });
  afterAll(async () => {
    await client?.query('ROLLBACK');
    await client?.end();
  });

  it('places, reads, changes, refunds and publishes an order with each statement doing its work', async () => {
    const orderId = crypto.randomUUID();
    const placed = placeOrder(
      { ...createCommand(), orderId, order: { ...createCommand().order, channelOrderId: orderId } },
      PLACED_AT,
    );
    if (!placed.ok) throw new Error(placed.error.detail);
    const { order } = placed.value;

    expect(
      await call('refusals', 'keepRefusal', tx, orderId, 'hash', { code: 'conflict', detail: 'refused once' }),
    ).toBeUndefined();
    expect(await call('refusals', 'findRefusal', tx, orderId)).toMatchObject({ detail: 'refused once' });
    await call('orders', 'saveNewOrders', tx, [], [refusals.refusalsForget([orderId])]);
    expect(await refusals.findRefusal(tx, orderId)).toBeNull();

    const key = { key: `key-${orderId}`, requestHash: 'hash', orderId };
    expect(await call('idempotencyKeys', 'insertIdempotencyKeys', tx, [key])).toEqual(new Set([key.key]));
    expect(await call('idempotencyKeys', 'findIdempotencyKey', tx, key.key)).toEqual(key);

    expect(await call('orders', 'insertOrders', tx, [order])).toEqual(new Set([orderId]));
    expect((await call('orders', 'insertPayments', tx, [order])) as Set<string>).toHaveProperty('size', 2);
    await call('orders', 'saveNewOrders', tx, [placed.value]);
    await call('outbox', 'insertOutbox', tx, toCloudEvents(placed.value.events, order, 'corr'));
    expect(await call('orders', 'findOrder', tx, orderId)).toEqual(order);
    expect(await call('orders', 'findOrderOrChannelOrder', tx, { ...order, id: crypto.randomUUID() })).toEqual(order);
    expect(await call('queries', 'findAcceptanceState', tx, orderId)).toEqual({
      status: 'PLACED',
      backfilled: false,
      releaseAt: order.releaseAt,
    });
    expect(await call('queries', 'ordersAwaitingAcceptance', tx, new Date(), 100_000)).toContain(orderId);
    expect(await call('queries', 'holdSweepLock', tx)).toBe(true);

    // Add a line, accept, prepare and ready it: items, history and prep times are all written.
    const steps: ((o: typeof order) => ReturnType<typeof changeStatus>)[] = [
      (o) =>
        addItems(
          o,
          { orderId, items: [{ plu: 'P-3', name: 'Cola', quantity: 1, unitPrice: 2 }], caller: staff, correlationId: 'c' },
          after(1),
        ),
      (o) => changeStatus(o, { orderId, status: 'ACCEPTED', caller: staff, correlationId: 'c' }, after(2)),
      (o) => changeStatus(o, { orderId, status: 'PREPARING', caller: staff, correlationId: 'c' }, after(3)),
      (o) => changeStatus(o, { orderId, status: 'READY', caller: staff, correlationId: 'c' }, after(600)),
    ];
    let changed = order;
    for (const step of steps) {
      const locked = (await call('orders', 'lockOrders', tx, [orderId])) as Map<string, typeof order>;
      expect(locked.get(orderId)).toEqual(changed);
      const decided = step(changed) as { ok: true; value: Transition } | { ok: false; error: { detail: string } };
      if (!decided.ok) throw new Error(decided.error.detail);
      await call('orders', 'saveChanges', tx, [{ before: changed, after: decided.value.order, events: decided.value.events }]);
      changed = decided.value.order;
    }
    expect(await orders.findOrder(tx, orderId)).toEqual(changed);
    const estimates = (await call('availability', 'prepEstimateInputs', tx, [order.brandId], PLACED_AT, after(3600), 50)) as Map<
      string,
      { prepTimesMs: number[]; extraMinutes: number }
    >;
    expect(estimates.get(order.brandId)).toEqual({ prepTimesMs: expect.arrayContaining([598_000]), extraMinutes: 0 });

    const history = (await call('queries', 'findHistory', tx, orderId, [order.brandId])) as { status: string }[];
    expect(history.map((h) => h.status)).toEqual(expect.arrayContaining(['PLACED', 'ACCEPTED', 'PREPARING', 'READY']));
    const listed = (await call('queries', 'listOrders', tx, {
      statuses: ['READY'],
      brandId: order.brandId,
      brandIds: [order.brandId],
      customerId: order.customer.id,
      createdFrom: PLACED_AT,
      createdTo: after(3600),
      after: LAST_CURSOR,
      limit: 1000,
    })) as { order: { id: string } }[];
    expect(listed.map((l) => l.order.id)).toContain(orderId);

    // A second order, cancelled, is refunded: every payment as a PENDING refund.
    const cancelledId = crypto.randomUUID();
    const second = anOrder({ id: cancelledId, channelOrderId: cancelledId });
    await orders.insertOrders(tx, [second]);
    await orders.insertPayments(tx, [second]);
    await orders.saveNewOrders(tx, [{ order: second, events: [] }]);
    const cancel = changeStatus(
      second,
      { orderId: cancelledId, status: 'CANCELLED', caller: staff, correlationId: 'c' },
      after(5),
    );
    if (!cancel.ok) throw new Error(cancel.error.detail);
    await orders.saveChanges(tx, [{ before: second, after: cancel.value.order, events: cancel.value.events }]);

    // Tracking links: every token stored shows the order; a terminal order says since when.
    const link = tracking.trackingTokenRow(orderId, 'a'.repeat(32));
    await call('orders', 'saveNewOrders', tx, [], [tracking.trackingTokensInsert([link])]);
    const retried = tracking.trackingTokenRow(orderId, 'b'.repeat(32));
    await call('tracking', 'addTrackingToken', tx, retried, 1_000);
    const live = { orderId, archived: false, terminalSince: null };
    expect(await call('tracking', 'findTrackedOrder', tx, link.digest)).toEqual(live);
    expect(await tracking.findTrackedOrder(tx, retried.digest)).toEqual(live);
    const closed = tracking.trackingTokenRow(cancelledId, 'c'.repeat(32));
    await orders.saveNewOrders(tx, [], [tracking.trackingTokensInsert([closed])]);
    expect(await tracking.findTrackedOrder(tx, closed.digest)).toEqual({
      orderId: cancelledId,
      archived: false,
      terminalSince: after(5),
    });
    expect(await tracking.findTrackedOrder(tx, tracking.trackingTokenRow(orderId, 'd'.repeat(32)).digest)).toBeNull();
    // Ended by a replica that does not stamp terminal_at: the link counts from the order's last change.
    await client.query(`UPDATE orders.orders SET terminal_at = NULL, updated_at = $2 WHERE id = $1`, [cancelledId, after(6)]);
    expect((await tracking.findTrackedOrder(tx, closed.digest))?.terminalSince).toEqual(after(6));
    await client.query(`UPDATE orders.orders SET terminal_at = $2 WHERE id = $1`, [cancelledId, after(5)]);
    const pending = (await call('refunds', 'listRefunds', tx, {
      status: 'PENDING',
      orderId: cancelledId,
      brandIds: [second.brandId],
      after: FIRST_CURSOR,
      limit: 10,
    })) as { refund: { id: string } }[];
    expect(pending).toHaveLength(2);
    const refundId = pending[0]!.refund.id;
    expect(await call('refunds', 'settleRefund', tx, refundId, 'PROCESSED', [second.brandId])).toMatchObject({
      status: 'PROCESSED',
    });
    expect(await call('refunds', 'findRefundStatus', tx, refundId, undefined)).toBe('PROCESSED');
    const failing = pending[1]!.refund.id;
    const versionBefore = (await orders.findOrder(tx, cancelledId))!.version;
    await call('refunds', 'lockRefund', tx, failing);
    expect(await call('refunds', 'settleRefund', tx, failing, 'FAILED', undefined)).toMatchObject({ status: 'FAILED' });
    expect((await orders.findOrder(tx, cancelledId))!.version).toBe(versionBefore + 1);

    const keyed = { scope: `staff:1\nrefund-status\n${failing}\nk-1`, requestHash: 'h', target: failing, answer: { ok: true } };
    await call('changeKeys', 'insertChangeKeys', tx, [keyed], after(6));
    expect(await call('changeKeys', 'findChangeKeys', tx, [keyed.scope, 'other'])).toEqual(new Map([[keyed.scope, keyed]]));
    expect(await call('changeKeys', 'deleteChangeKeysBefore', tx, after(7), 10)).toBeGreaterThanOrEqual(1);
    expect(await changeKeys.findChangeKeys(tx, [keyed.scope])).toEqual(new Map());
    await call('orders', 'saveChanges', tx, [], [orders.replaysRecord([{ messageId: `m-${orderId}`, orderId, at: after(7) }])]);
    expect(await call('orders', 'appliedReplays', tx, [`m-${orderId}`, 'other'])).toEqual(new Set([`m-${orderId}`]));

    const unpublished = (await call('outbox', 'lockUnpublished', tx, 100_000)) as { id: string; payload: { subject: string } }[];
    const ours = unpublished.filter((e) => e.payload.subject === orderId);
    expect(ours.length).toBeGreaterThan(0);
    expect(await call('outbox', 'outboxBacklog', tx)).toMatchObject({ count: expect.any(Number) });
    await call(
      'outbox',
      'markPublished',
      tx,
      ours.map((e) => e.id),
    );
    expect(await call('outbox', 'deletePublished', tx, new Date(Date.now() + 60_000), 100_000)).toBeGreaterThanOrEqual(
      ours.length,
    );

    // The cancelled order, its events sent, leaves for the archive and is still read by id and by list.
    // It holds a payment of its own (the fixture's were claimed by the first order), which goes with it.
    const archivedReference = `pay-${cancelledId}`;
    await client.query('INSERT INTO orders.payments (reference, order_id, line_no, amount) VALUES ($1, $2, 3, 1)', [
      archivedReference,
      cancelledId,
    ]);
    const beforeArchive = await orders.findOrder(tx, cancelledId);
    await client.query('UPDATE orders.outbox SET published_at = now() WHERE order_id = $1', [cancelledId]);
    const none = { orders: new Set(), references: new Set() };
    expect(await call('archive', 'archivedAmong', tx, [second, order], [archivedReference, 'pay-1'])).toEqual(none);
    expect(await call('archive', 'archiveTerminalOrders', tx, new Date(Date.now() + 86_400_000), 100_000, 60_000)).toContain(
      cancelledId,
    );
    expect(await orders.findOrder(tx, cancelledId)).toBeNull();
    expect(await call('archive', 'findArchivedOrder', tx, cancelledId)).toEqual(beforeArchive);
    const names = { id: crypto.randomUUID(), brandId: second.brandId, channelOrderId: second.channelOrderId };
    expect(await call('archive', 'findArchivedOrderOrChannelOrder', tx, names)).toEqual(beforeArchive);
    expect(await archive.archivedAmong(tx, [names, order], [archivedReference, 'pay-1'])).toEqual({
      orders: new Set([names.id]),
      references: new Set([archivedReference]),
    });
    expect(await call('archive', 'archiveHoldsOrders', tx)).toBe(true);
    // Its link works on from the archive until it expires, a minute after the cancel; then it goes.
    expect(await tracking.findTrackedOrder(tx, closed.digest)).toEqual({
      orderId: cancelledId,
      archived: true,
      terminalSince: after(5),
    });
    expect(await call('archive', 'purgeExpiredTrackingTokens', tx, after(5 + 59), 100)).toBe(0);
    expect(await archive.purgeExpiredTrackingTokens(tx, after(5 + 60), 100)).toBe(1);
    expect(await tracking.findTrackedOrder(tx, closed.digest)).toBeNull();
    const withArchived = (await queries.listOrders(tx, { brandIds: [second.brandId], includeArchived: true, limit: 1000 })) as {
      order: { id: string };
      archived: boolean;
    }[];
    expect(withArchived.find((l) => l.order.id === cancelledId)?.archived).toBe(true);
    expect((await queries.listOrders(tx, { brandIds: [second.brandId], limit: 1000 })).map((l) => l.id)).not.toContain(
      cancelledId,
    );

    await call('orders', 'saveNewOrders', tx, [], [idempotencyKeys.idempotencyKeysDelete([key.key])]);
    expect(await idempotencyKeys.findIdempotencyKey(tx, key.key)).toBeNull();
    await call('orders', 'saveNewOrders', tx, [], [orders.ordersDelete([cancelledId])]);
    expect(await orders.findOrder(tx, cancelledId)).toBeNull();
  });

  it('configures, reads and sweeps a brand’s availability with each statement doing its work', async () => {
    const brandId = `brand-${crypto.randomUUID()}`;
    const now = new Date();
    const soon = new Date(now.getTime() + 60_000);
    const before = (await call('availability', 'lockAvailability', tx, brandId)) as ReturnType<typeof neverConfigured>;
    expect(before).toEqual(neverConfigured(brandId));
    const busy = setAvailability(before, { state: 'BUSY', extraPrepMinutes: 10, until: soon.toISOString() }, now);
    if (!busy.ok) throw new Error(busy.error.detail);
    const snoozed = setItemAvailability(busy.value.availability, 'P-1', { available: false, until: soon.toISOString() }, now);
    if (!snoozed.ok) throw new Error(snoozed.error.detail);
    await call('availability', 'saveAvailability', tx, before, snoozed.value.availability);
    expect(await call('availability', 'findAvailability', tx, brandId)).toEqual(snoozed.value.availability);
    const all = (await call('availability', 'allAvailability', tx)) as { brandId: string }[];
    expect(all.map((a) => a.brandId)).toContain(brandId);
    const inputs = (await call('availability', 'prepEstimateInputs', tx, [brandId], now, now, 50)) as Map<string, unknown>;
    expect(inputs.get(brandId)).toEqual({ prepTimesMs: [], extraMinutes: 10 });
    const due = (await call('availability', 'brandsWithPassedUntil', tx, soon, 100_000)) as { brand_id: string }[];
    expect(due.map((d) => d.brand_id)).toContain(brandId);
    const unsnoozed = setItemAvailability(snoozed.value.availability, 'P-1', { available: true }, now);
    if (!unsnoozed.ok) throw new Error(unsnoozed.error.detail);
    await call('availability', 'saveAvailability', tx, snoozed.value.availability, unsnoozed.value.availability);
    expect((await availability.findAvailability(tx, brandId)).snoozed.size).toBe(0);
  });

  it('fails a batch whose order is no longer at the version it was locked at', async () => {
    const orderId = crypto.randomUUID();
    const order = anOrder({ id: orderId, channelOrderId: orderId });
    await orders.insertOrders(tx, [order]);
    await orders.saveNewOrders(tx, [{ order, events: [] }]);
    const cancel = changeStatus(order, { orderId, status: 'CANCELLED', caller: staff, correlationId: 'c' }, after(1));
    if (!cancel.ok) throw new Error(cancel.error.detail);
    const events = outbox.outboxInsert(toCloudEvents(cancel.value.events, cancel.value.order, 'c'));
    await client.query('SAVEPOINT stale');
    const stale = { before: { ...order, version: order.version + 1 }, after: cancel.value.order, events: cancel.value.events };
    await expect(orders.saveChanges(tx, [stale], [events])).rejects.toThrow('an order moved under its lock');
    await client.query('ROLLBACK TO SAVEPOINT stale');
    await orders.saveChanges(tx, [{ ...stale, before: order }], [events]);
    expect((await orders.findOrder(tx, orderId))?.status).toBe('CANCELLED');
  });

  it('has run every repository function that sends SQL, and keeps the statements in a snapshot', () => {
    expect(statementFunctions.filter((name) => !run.has(name))).toEqual([]);
    expect(
      Object.fromEntries([...sent].sort(([a], [b]) => a.localeCompare(b)).map(([name, statements]) => [name, [...statements]])),
    ).toMatchSnapshot();
  });
});

/** Cursors before the first row and after the last, so the keyset conditions are sent and keep every row. */
const FIRST_CURSOR = { createdAt: '1970-01-01T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' };
const LAST_CURSOR = { createdAt: '9999-01-01T00:00:00.000Z', id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' };
const after = (seconds: number) => new Date(PLACED_AT.getTime() + seconds * 1000);
