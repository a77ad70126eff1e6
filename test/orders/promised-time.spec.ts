import type { ChangeStatusCommand, OrderView } from '#contracts';
import { randomUUID } from 'node:crypto';
import { ChangePromisedTimeService } from '../../apps/orders/src/commands/change-promised-time/change-promised-time.service.js';
import {
  createCommand,
  newBrand,
  orderInput,
  outboxOf,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();
const MINUTE = 60_000;
const staff = { role: 'staff', actor: 'staff:anna' };
const importer = { role: 'internal', actor: 'importer' };

describe('promised ready times and the brand prep estimate (real PostgreSQL)', () => {
  let kit: OrdersKit;
  let promisedTime: ChangePromisedTimeService;
  beforeAll(async () => {
    kit = await startOrders({ env: { DEFAULT_PREP_MINUTES: '15' } });
    promisedTime = kit.moduleRef.get(ChangePromisedTimeService);
  });
  afterAll(() => kit.close());

  const place = async (brandId = newBrand(), extra: { pickupTime?: string; placedAt?: string } = {}) => {
    const input = orderInput({ brandId });
    delete input.pickupTime;
    delete input.deliveryAddress;
    if (extra.pickupTime) input.pickupTime = extra.pickupTime;
    const command = createCommand(input, extra.placedAt ? { placedAt: extra.placedAt, caller: importer } : {});
    return valueOf(await kit.create.execute(command)).order;
  };
  const move = async (order: OrderView, status: ChangeStatusCommand['status'], extra: Partial<ChangeStatusCommand> = {}) =>
    kit.changeStatus.execute({ orderId: order.id, status, caller: staff, correlationId: randomUUID(), ...extra });
  const iso = (ms: number) => new Date(ms).toISOString();

  it('promises the default estimate on acceptance, prepMinutes when given, the pickupTime when later', async () => {
    const byEstimate = valueOf(await move(await place(), 'ACCEPTED'));
    const acceptedAt = (await outboxOf(kit.dataSource, byEstimate.id))[1]!.payload.time;
    expect(byEstimate.promisedReadyAt).toBe(iso(Date.parse(acceptedAt) + 15 * MINUTE));

    const byPrep = valueOf(await move(await place(), 'ACCEPTED', { prepMinutes: 7 }));
    const prepAcceptedAt = (await outboxOf(kit.dataSource, byPrep.id))[1]!.payload.time;
    expect(byPrep.promisedReadyAt).toBe(iso(Date.parse(prepAcceptedAt) + 7 * MINUTE));

    const pickupTime = iso(Date.now() + 50 * MINUTE);
    const byPickup = valueOf(await move(await place(undefined, { pickupTime }), 'ACCEPTED', { prepMinutes: 7 }));
    expect(byPickup.promisedReadyAt).toBe(pickupTime);

    const [created, accepted, promised] = await outboxOf(kit.dataSource, byPrep.id);
    expect(created!.payload.data).toMatchObject({ promisedReadyAt: null });
    expect([accepted!.type, promised!.type]).toEqual(['order.status_changed', 'order.promised_time_changed']);
    expect(promised!.payload).toMatchObject({
      sequence: 3,
      time: prepAcceptedAt,
      data: {
        orderId: byPrep.id,
        brandId: byPrep.brandId,
        customerId: 'c-42',
        promisedReadyAt: byPrep.promisedReadyAt,
        previous: null,
        at: prepAcceptedAt,
        reason: null,
      },
    });
  });

  it('estimates from the median of the brand’s recent ACCEPTED → READY times, rounded up to whole minutes', async () => {
    const brandId = newBrand();
    const start = Date.now() - 3 * 3_600_000;
    // Five orders of the brand that took 10, 12, 13.5, 20 and 40 minutes: the median is 13.5, so 14.
    for (const [i, minutes] of [10, 12, 13.5, 20, 40].entries()) {
      const placedAt = start + i * 20 * MINUTE;
      const order = await place(brandId, { placedAt: iso(placedAt) });
      valueOf(await move(order, 'ACCEPTED', { at: iso(placedAt + MINUTE), caller: importer }));
      valueOf(await move(order, 'PREPARING', { at: iso(placedAt + 2 * MINUTE), caller: importer }));
      valueOf(await move(order, 'READY', { at: iso(placedAt + MINUTE + minutes * MINUTE), caller: importer }));
    }
    const accepted = valueOf(await move(await place(brandId), 'ACCEPTED'));
    const acceptedAt = (await outboxOf(kit.dataSource, accepted.id))[1]!.payload.time;
    expect(accepted.promisedReadyAt).toBe(iso(Date.parse(acceptedAt) + 14 * MINUTE));

    // A scheduled order of the brand is released by the same estimate.
    const pickupTime = iso(Date.now() + 3 * 3_600_000);
    const scheduled = await place(brandId, { pickupTime });
    expect(scheduled.releaseAt).toBe(iso(Date.parse(pickupTime) - 14 * MINUTE));

    // Another brand without history keeps the default.
    const other = valueOf(await move(await place(), 'ACCEPTED'));
    const otherAcceptedAt = (await outboxOf(kit.dataSource, other.id))[1]!.payload.time;
    expect(other.promisedReadyAt).toBe(iso(Date.parse(otherAcceptedAt) + 15 * MINUTE));
  });

  it('keeps only the last 50 prep times of a brand', async () => {
    const brandId = newBrand();
    await kit.dataSource.query(
      `INSERT INTO orders.prep_times (brand_id, ready_at, order_id, prep_ms)
       SELECT $1, now() - make_interval(mins => n), gen_random_uuid(), 600000 FROM generate_series(1, 60) n`,
      [brandId],
    );
    const order = await place(brandId);
    for (const status of ['ACCEPTED', 'PREPARING', 'READY'] as const) valueOf(await move(order, status));
    const [row] = await kit.dataSource.query('SELECT count(*)::int AS n FROM orders.prep_times WHERE brand_id = $1', [brandId]);
    expect(row.n).toBe(50);
    const [mine] = await kit.dataSource.query('SELECT count(*)::int AS n FROM orders.prep_times WHERE order_id = $1', [order.id]);
    expect(mine.n).toBe(1);
  });

  it('moves the promise while ACCEPTED or PREPARING, with an event naming the previous one', async () => {
    const order = await place();
    const change = (promisedReadyAt: string, reason?: string) =>
      promisedTime.execute({ orderId: order.id, promisedReadyAt, reason, caller: staff, correlationId: randomUUID() });

    expect(await change(iso(Date.now() + 30 * MINUTE))).toMatchObject({ ok: false, error: { code: 'promise_not_open' } });
    const accepted = valueOf(await move(order, 'ACCEPTED'));
    const later = iso(Date.now() + 45 * MINUTE);
    const moved = valueOf(await change(later, 'oven down'));
    expect(moved).toMatchObject({ promisedReadyAt: later, version: accepted.version + 1, status: 'ACCEPTED' });
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id })).promisedReadyAt).toBe(later);
    const last = (await outboxOf(kit.dataSource, order.id)).at(-1)!.payload;
    expect(last).toMatchObject({
      type: 'order.promised_time_changed',
      sequence: 4,
      data: { promisedReadyAt: later, previous: accepted.promisedReadyAt, reason: 'oven down' },
    });

    expect(await change(iso(Date.now() - 3_600_000))).toMatchObject({
      ok: false,
      error: { code: 'invalid_time', field: 'promisedReadyAt' },
    });
    valueOf(await move(order, 'PREPARING'));
    valueOf(await change(iso(Date.now() + 50 * MINUTE)));
    valueOf(await move(order, 'READY'));
    expect(await change(iso(Date.now() + 60 * MINUTE))).toMatchObject({
      ok: false,
      error: { code: 'promise_not_open', status: 'READY' },
    });
    const sequences = (await outboxOf(kit.dataSource, order.id)).map((r) => r.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  });
});
