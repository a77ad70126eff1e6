import { randomUUID } from 'node:crypto';
import {
  createCommand,
  createScratchDatabase,
  orderInput,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();
const TIMEOUT_MS = 1_000;
const MINUTE = 60_000;

/** A scratch database: the sweep runs at times ahead of the clock, so it must see only these tests' orders. */
describe('scheduled orders and the acceptance timeout (real PostgreSQL)', () => {
  let kit: OrdersKit;
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    db = await createScratchDatabase('scheduled');
    kit = await startOrders({
      url: db.url,
      env: {
        ORDER_ACCEPT_TIMEOUT_MS: String(TIMEOUT_MS),
        SCHEDULE_THRESHOLD_MS: String(60 * MINUTE),
        DEFAULT_PREP_MINUTES: '20',
      },
    });
  });
  afterAll(async () => {
    await kit.close();
    await db.drop();
  });

  const place = async (pickupInMs?: number) => {
    const input = orderInput(pickupInMs === undefined ? {} : { pickupTime: new Date(Date.now() + pickupInMs).toISOString() });
    if (pickupInMs === undefined) delete input.pickupTime;
    return valueOf(await kit.create.execute(createCommand(input))).order;
  };
  const statusOf = async (orderId: string) => valueOf(await kit.getOrder.execute({ orderId })).status;

  it('releases an order for +2 h 20 minutes before its pickupTime, and never times it out before then', async () => {
    const scheduled = await place(120 * MINUTE);
    const asap = await place();
    expect(scheduled.scheduled).toBe(true);
    expect(Date.parse(scheduled.releaseAt)).toBe(Date.parse(scheduled.pickupTime!) - 20 * MINUTE);
    expect(asap).toMatchObject({ scheduled: false, releaseAt: asap.createdAt });

    // Past the timeout of both: the order for now is rejected, the scheduled one is not yet released.
    const pastTimeout = new Date(Date.parse(asap.createdAt) + TIMEOUT_MS);
    await kit.sweep.sweep(pastTimeout);
    expect(await statusOf(asap.id)).toBe('REJECTED');
    expect(await statusOf(scheduled.id)).toBe('PLACED');
    expect(await kit.timeout.execute({ orderId: scheduled.id }, pastTimeout)).toBe('not_due');

    // Released, but within the timeout: still PLACED. Past its release plus the timeout: rejected.
    const released = Date.parse(scheduled.releaseAt);
    await kit.sweep.sweep(new Date(released + TIMEOUT_MS - 1));
    expect(await statusOf(scheduled.id)).toBe('PLACED');
    await kit.sweep.sweep(new Date(released + TIMEOUT_MS));
    expect(await statusOf(scheduled.id)).toBe('REJECTED');
  });

  it('lets staff accept a scheduled order before its release', async () => {
    const scheduled = await place(180 * MINUTE);
    const accepted = await kit.changeStatus.execute({
      orderId: scheduled.id,
      status: 'ACCEPTED',
      caller: { role: 'staff', actor: 'staff:anna' },
      correlationId: randomUUID(),
    });
    expect(valueOf(accepted)).toMatchObject({ status: 'ACCEPTED', scheduled: true, releaseAt: scheduled.releaseAt });
  });

  it('refuses a pickupTime 8 days ahead or an hour ago and stores nothing; a backfill may have one', async () => {
    for (const offset of [8 * 24 * 60 * MINUTE, -60 * MINUTE]) {
      const command = createCommand(orderInput({ pickupTime: new Date(Date.now() + offset).toISOString() }));
      expect(await kit.create.execute(command)).toMatchObject({
        ok: false,
        error: { code: 'invalid_time', field: 'pickupTime' },
      });
      const [row] = await kit.dataSource.query('SELECT count(*)::int AS n FROM orders.orders WHERE id = $1', [command.orderId]);
      expect(row.n).toBe(0);
    }
    const backfill = createCommand(orderInput({ pickupTime: '2021-07-22T20:28:02Z' }), {
      placedAt: '2021-07-22T20:00:00Z',
      caller: { role: 'internal', actor: 'importer' },
    });
    expect(valueOf(await kit.create.execute(backfill)).order.pickupTime).toBe('2021-07-22T20:28:02.000Z');
  });
});
