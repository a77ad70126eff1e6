import type { CloudEvent } from '#contracts';
import { eventually } from '#test-support/wait.js';
import { randomUUID } from 'node:crypto';
import {
  createCommand,
  createScratchDatabase,
  outboxOf,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();

/** The relay publishes every unpublished row, so it runs on a database no other spec file writes to. */
describe('OutboxRelay (real PostgreSQL, fake publisher)', () => {
  let db: { url: string; drop(): Promise<void> };
  let kit: OrdersKit;
  const kits: OrdersKit[] = [];

  async function start(options: Parameters<typeof startOrders>[0] = {}): Promise<OrdersKit> {
    const started = await startOrders({ url: db.url, ...options });
    kits.push(started);
    return started;
  }

  beforeAll(async () => {
    db = await createScratchDatabase('relay');
    kit = await start();
  });
  afterEach(async () => {
    // Leave nothing unpublished for the next test, whatever this one did.
    await kit.relay.drain().catch(() => undefined);
    kit.publisher.events.length = 0;
    kit.publisher.batches.length = 0;
  });
  afterAll(async () => {
    try {
      await Promise.allSettled(kits.map((k) => k.close()));
    } finally {
      await db?.drop();
    }
  });

  const staff = { role: 'staff', actor: 'staff:test' };

  /** Three events: order.created, order.status_changed and order.promised_time_changed. */
  async function placeAndAccept(on: OrdersKit = kit): Promise<string> {
    const { order } = valueOf(await on.create.execute(createCommand()));
    valueOf(await on.changeStatus.execute({ orderId: order.id, status: 'ACCEPTED', caller: staff, correlationId: randomUUID() }));
    return order.id;
  }

  async function unpublished(): Promise<number> {
    const [row] = await kit.dataSource.query('SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL');
    return row.n;
  }

  it('publishes committed rows in order, exactly as stored, and marks them published', async () => {
    const ids = [await placeAndAccept(), await placeAndAccept()];
    expect(await kit.relay.drain()).toBe(6);

    const stored = [...(await outboxOf(kit.dataSource, ids[0]!)), ...(await outboxOf(kit.dataSource, ids[1]!))];
    expect(kit.publisher.events).toEqual(stored.map((r) => r.payload));
    expect(kit.publisher.events.map((e) => `${e.subject === ids[0] ? 'a' : 'b'}${e.sequence}`)).toEqual([
      'a1',
      'a2',
      'a3',
      'b1',
      'b2',
      'b3',
    ]);
    expect(stored.every((r) => r.published_at instanceof Date)).toBe(true);
    expect(await kit.relay.drain()).toBe(0);
  });

  it('marks nothing when the publisher fails, and sends the same events again later', async () => {
    const orderId = await placeAndAccept();
    kit.publisher.failures = 1;
    await expect(kit.relay.drain()).rejects.toThrow('broker unavailable');
    expect(kit.publisher.events).toEqual([]);
    expect(await unpublished()).toBe(3);

    expect(await kit.relay.drain()).toBe(3);
    const stored = await outboxOf(kit.dataSource, orderId);
    expect(kit.publisher.events).toEqual(stored.map((r) => r.payload));
    expect(await unpublished()).toBe(0);
  });

  it('resends when the confirm is lost after sending: a duplicate with the same id, never a loss', async () => {
    await placeAndAccept();
    const sent: CloudEvent[] = [];
    kit.publisher.beforeConfirm = async (events) => {
      sent.push(...events);
      kit.publisher.beforeConfirm = undefined;
      throw new Error('connection lost before the confirm');
    };
    await expect(kit.relay.drain()).rejects.toThrow('confirm');
    expect(await kit.relay.drain()).toBe(3);
    expect(kit.publisher.events.map((e) => e.id)).toEqual(sent.map((e) => e.id));
  });

  it('sends batches of at most batchSize rows, in id order', async () => {
    const small = await start({ relay: { batchSize: 3 } });
    for (let i = 0; i < 4; i++) await placeAndAccept(small);
    expect(await small.relay.drain()).toBe(12);
    expect(small.publisher.batches).toEqual([3, 3, 3, 3]);
    const sequences = small.publisher.events.map((e) => e.sequence);
    expect(sequences).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('lets one relay at a time work across replicas: every event once, never two batches in flight', async () => {
    const replicas = [await start({ relay: { batchSize: 2 } }), await start({ relay: { batchSize: 2 } })];
    let inFlight = 0;
    let maxInFlight = 0;
    for (const replica of replicas) {
      replica.publisher.beforeConfirm = async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      };
    }
    const orderIds: string[] = [];
    for (let i = 0; i < 5; i++) orderIds.push(await placeAndAccept(replicas[0]));

    await Promise.all([...replicas, ...replicas].map((r) => r.relay.drain()));
    await Promise.all(replicas.map((r) => r.relay.drain()));

    const all = replicas.flatMap((r) => r.publisher.events);
    expect(maxInFlight).toBe(1);
    expect(all).toHaveLength(15);
    expect(new Set(all.map((e) => e.id)).size).toBe(15);
    expect(await unpublished()).toBe(0);
  });

  it('publishes shortly after a kick that follows a commit', async () => {
    const live = await start({ relay: { pollIntervalMs: 60_000 } });
    live.relay.start();
    await eventually(async () => (await unpublished()) === 0, 'every row published');
    const orderId = await placeAndAccept(live);
    await eventually(() => live.publisher.of([orderId]).length === 3, 'the kicked relay publishing', 2_000);
    await live.relay.stop();
  });

  it('gathers the commits of one moment into one round, and runs an urgent kick at once', async () => {
    const live = await start({ relay: { pollIntervalMs: 60_000, gatherMs: 2_000 } });
    live.relay.start();
    await eventually(async () => (await unpublished()) === 0, 'every row published');
    live.publisher.batches.length = 0;
    // Committed on another replica, so the only kicks this relay gets are the test's.
    const first = await placeAndAccept(kit);
    live.relay.kick();
    const second = await placeAndAccept(kit);
    live.relay.kick();
    await eventually(() => live.publisher.of([first, second]).length === 6, 'the gathered round', 10_000);
    expect(live.publisher.batches).toEqual([6]);

    const waiting = await start({ relay: { pollIntervalMs: 60_000, gatherMs: 60_000 } });
    waiting.relay.start();
    const urgent = await placeAndAccept(kit);
    waiting.relay.kick();
    waiting.relay.kick(true);
    await eventually(() => waiting.publisher.of([urgent]).length === 3, 'the urgent kick publishing', 2_000);
    await Promise.all([live.relay.stop(), waiting.relay.stop()]);
  });

  it('falls back to polling for rows no kick announced', async () => {
    const poller = await start({ relay: { pollIntervalMs: 50 } });
    poller.relay.start();
    // Written by another replica whose relay is not running, so no kick reaches this one.
    const orderId = await placeAndAccept(kit);
    await eventually(() => poller.publisher.of([orderId]).length === 3, 'the poll publishing', 2_000);
    await poller.relay.stop();
  });

  it('drains what is committed when stopped, then stays quiet', async () => {
    const live = await start({ relay: { pollIntervalMs: 60_000 } });
    live.relay.start();
    const orderId = await placeAndAccept(kit);
    await live.relay.stop();
    expect(live.publisher.of([orderId])).toHaveLength(3);

    const later = await placeAndAccept(kit);
    live.relay.kick();
    // Whoever drains next publishes the rows: the kicked relay took none of them.
    await kit.relay.drain();
    expect(kit.publisher.of([later])).toHaveLength(3);
    expect(live.publisher.of([later])).toEqual([]);
  });

  it('waits for the batch in flight before stop resolves', async () => {
    const live = await start({ relay: { pollIntervalMs: 60_000 } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    live.publisher.beforeConfirm = () => gate;
    live.relay.start();
    const orderId = await placeAndAccept(kit);
    live.relay.kick();
    await eventually(async () => {
      const [row] = await kit.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`,
      );
      return row.n > 0;
    }, 'the batch holding the relay lock');
    // Committed while the batch holds the relay's lock: a stop that did not wait for the batch would find the
    // lock taken and leave this order's rows behind.
    const meanwhile = await placeAndAccept(kit);
    const stopping = live.relay.stop();
    release();
    await stopping;
    expect(live.publisher.of([orderId])).toHaveLength(3);
    expect(live.publisher.of([meanwhile])).toHaveLength(3);
    expect(await unpublished()).toBe(0);
  });

  it('purges rows published more than the retention ago, and only those', async () => {
    const old = await placeAndAccept();
    await kit.relay.drain();
    await kit.dataSource.query(`UPDATE orders.outbox SET published_at = now() - interval '25 hours' WHERE order_id = $1`, [old]);
    const recent = await placeAndAccept();
    await kit.relay.drain();
    const pending = await placeAndAccept();

    expect(await kit.relay.purge()).toBe(3);
    expect(await outboxOf(kit.dataSource, old)).toEqual([]);
    expect(await outboxOf(kit.dataSource, recent)).toHaveLength(3);
    expect(await outboxOf(kit.dataSource, pending)).toHaveLength(3);
  });

  it('prunes the Idempotency-Keys of changes kept more than 24 hours, and only those', async () => {
    const { order } = valueOf(await kit.create.execute(createCommand()));
    const accept = (idempotencyKey: string) =>
      kit.changeStatus.execute({
        orderId: order.id,
        status: 'ACCEPTED',
        caller: staff,
        correlationId: randomUUID(),
        idempotencyKey,
        requestHash: 'h',
      });
    const first = await accept('old-key');
    expect(first.ok).toBe(true);
    expect(valueOf(await accept('old-key'))).toEqual(valueOf(first));
    // Another key is another request: refused (the order is ACCEPTED), and the refusal is kept too.
    const refused = await accept('recent-key');
    expect(refused.ok).toBe(false);
    await kit.dataSource.query(
      `UPDATE orders.change_keys SET created_at = now() - interval '25 hours' WHERE scope LIKE '%old-key'`,
    );

    expect(await kit.relay.pruneChangeKeys()).toBe(1);
    const kept = await kit.dataSource.query('SELECT scope FROM orders.change_keys WHERE target = $1', [order.id]);
    expect(kept.map((k: { scope: string }) => k.scope.split('\n').at(-1))).toEqual(['recent-key']);
    expect(await accept('recent-key')).toEqual(refused);
    // Past its 24 hours a key is forgotten: the same request is decided again, on the order as it now is.
    expect((await accept('old-key')).ok).toBe(false);
  });
});
