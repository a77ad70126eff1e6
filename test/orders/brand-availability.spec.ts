import { loadConfig } from '#config';
import type { CloudEvent } from '#contracts';
import { AvailabilitySweep } from '../../apps/orders/src/availability/availability-sweep.service.js';
import { BrandAvailabilityService } from '../../apps/orders/src/availability/brand-availability.service.js';
import { newBrand, startOrders, testDatabaseUrl, valueOf, type OrdersKit } from './support/orders-test-kit.js';

const HOUR = 3_600_000;
const caller = { role: 'staff', actor: 'staff:test' };

/** Two replicas of the orders service on one database, each with its availability service and sweep. */
describe('brand availability in the orders service', () => {
  const kits: OrdersKit[] = [];
  const replicas: { service: BrandAvailabilityService; sweep: AvailabilitySweep }[] = [];

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: testDatabaseUrl() });
    for (let i = 0; i < 2; i++) {
      const kit = await startOrders();
      kits.push(kit);
      const service = new BrandAvailabilityService(kit.dataSource, kit.relay, config);
      replicas.push({ service, sweep: new AvailabilitySweep(kit.dataSource, service) });
    }
  });
  afterAll(async () => {
    for (const kit of kits) await kit.close();
  });

  const outboxOfBrand = async (brandId: string): Promise<CloudEvent[]> =>
    (
      (await kits[0]!.dataSource.query(
        `SELECT payload FROM orders.outbox WHERE order_id IS NULL AND payload->>'subject' = $1 ORDER BY id`,
        [brandId],
      )) as { payload: CloudEvent }[]
    ).map((r) => r.payload);

  it('commits each change with its event in the outbox, the brand as subject, and nothing for what already stands', async () => {
    const brandId = newBrand();
    const { service } = replicas[0]!;
    const until = new Date(Date.now() + HOUR).toISOString();
    const paused = valueOf(await service.set({ brandId, state: 'PAUSED', until, caller, correlationId: 'c1' }));
    expect(paused.view).toMatchObject({ brandId, state: 'PAUSED', until, snoozedItems: [] });
    expect(paused.state.sequence).toBe(1);
    valueOf(await service.set({ brandId, state: 'PAUSED', until, caller, correlationId: 'c2' }));
    valueOf(await service.setItem({ brandId, plu: 'P-1', available: false, caller, correlationId: 'c3' }));
    const events = await outboxOfBrand(brandId);
    expect(events.map((e) => [e.type, e.sequence, e.subject, e.correlationid])).toEqual([
      ['brand.availability_changed', 1, brandId, 'c1'],
      ['brand.item_availability_changed', 2, brandId, 'c3'],
    ]);
  });

  it('refuses input the gateway would have refused, writing nothing', async () => {
    const brandId = newBrand();
    const result = await replicas[0]!.service.set({ brandId, state: 'ONLINE', extraPrepMinutes: 5, caller, correlationId: 'c' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'extraPrepMinutes' } });
    expect(await outboxOfBrand(brandId)).toEqual([]);
  });

  it('publishes every passed until exactly once when two replicas sweep at the same moment', async () => {
    const brandId = newBrand();
    const { service } = replicas[0]!;
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    valueOf(await service.set({ brandId, state: 'BUSY', extraPrepMinutes: 5, until: soon(HOUR), caller, correlationId: 'c' }));
    for (const [plu, ms] of [
      ['A', HOUR / 2],
      ['B', HOUR / 4],
      ['C', 3 * HOUR],
    ] as const) {
      valueOf(await service.setItem({ brandId, plu, available: false, until: soon(ms), caller, correlationId: 'c' }));
    }
    const later = new Date(Date.now() + 2 * HOUR);
    await Promise.all(replicas.map((r) => r.sweep.sweep(later)));
    await Promise.all(replicas.map((r) => r.sweep.sweep(later)));

    const events = await outboxOfBrand(brandId);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.slice(4).map((e) => [e.type, (e.data as { plu?: string }).plu ?? (e.data as { state: string }).state])).toEqual(
      [
        ['brand.item_availability_changed', 'B'],
        ['brand.item_availability_changed', 'A'],
        ['brand.availability_changed', 'ONLINE'],
      ],
    );
    const now = valueOf(await service.get({ brandId }));
    expect(now.view).toMatchObject({ state: 'ONLINE', extraPrepMinutes: null, until: null });
    expect(now.view.snoozedItems.map((s) => s.plu)).toEqual(['C']);
    expect(now.state.sequence).toBe(7);
  });
});
