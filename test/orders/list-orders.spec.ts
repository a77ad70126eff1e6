import type { ListOrdersQuery, OrderView } from '#contracts';
import { randomUUID } from 'node:crypto';
import {
  createCommand,
  newBrand,
  orderInput,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();

describe('ListOrdersService (real PostgreSQL)', () => {
  let kit: OrdersKit;
  beforeAll(async () => {
    kit = await startOrders();
  });
  afterAll(() => kit.close());

  const staff = { role: 'staff', actor: 'staff:test' };

  async function createOrders(brandId: string, count: number, customerId = 'c-42'): Promise<OrderView[]> {
    const orders: OrderView[] = [];
    for (let i = 0; i < count; i++) {
      const input = orderInput({ brandId, customer: { id: customerId, name: 'N' } });
      orders.push(valueOf(await kit.create.execute(createCommand(input))).order);
    }
    return orders;
  }

  async function allPages(query: Omit<ListOrdersQuery, 'cursor'>): Promise<{ pages: OrderView[][]; ids: string[] }> {
    const pages: OrderView[][] = [];
    let cursor: string | undefined;
    do {
      const page = valueOf(await kit.list.execute({ ...query, cursor }));
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor && pages.length < 100);
    return { pages, ids: pages.flat().map((o) => o.id) };
  }

  const newestFirst = (orders: { id: string; createdAt: string }[]) =>
    [...orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).map((o) => o.id);

  it('pages through every order of a filter newest first, with no duplicates or gaps, even on equal createdAt', async () => {
    const brandId = newBrand();
    const orders = await createOrders(brandId, 23);
    // Ties on created_at (to the microsecond) are where a keyset on the timestamp alone skips or repeats rows.
    const tied = orders.slice(0, 9).map((o) => o.id);
    await kit.dataSource.query(`UPDATE orders.orders SET created_at = '2030-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])`, [
      tied,
    ]);
    await kit.dataSource.query(`UPDATE orders.orders SET created_at = '2030-01-01T00:00:00.123457Z' WHERE id = $1`, [
      orders[9]!.id,
    ]);

    const { pages, ids } = await allPages({ brandId, limit: 5 });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(new Set(ids).size).toBe(23);
    const fresh = valueOf(await kit.list.execute({ brandId, limit: 500 })).items;
    expect(ids).toEqual(fresh.map((o) => o.id));
    expect(ids[0]).toBe(orders[9]!.id);
    expect(new Set(ids.slice(1, 10))).toEqual(new Set(tied));
    expect(ids.slice(1, 10)).toEqual([...tied].sort().reverse());
    expect(ids.slice(10)).toEqual(newestFirst(orders.slice(10)));
  });

  it('answers a last full page with nextCursor null', async () => {
    const brandId = newBrand();
    await createOrders(brandId, 4);
    const first = valueOf(await kit.list.execute({ brandId, limit: 2 }));
    const second = valueOf(await kit.list.execute({ brandId, limit: 2, cursor: first.nextCursor! }));
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(valueOf(await kit.list.execute({ brandId: newBrand(), limit: 10 }))).toEqual({ items: [], nextCursor: null });
  });

  it('neither repeats nor skips older orders when new ones arrive between pages', async () => {
    const brandId = newBrand();
    const orders = await createOrders(brandId, 6);
    const first = valueOf(await kit.list.execute({ brandId, limit: 3 }));
    await createOrders(brandId, 2);
    const rest = valueOf(await kit.list.execute({ brandId, limit: 3, cursor: first.nextCursor! }));
    expect(rest.nextCursor).toBeNull();
    const ids = [...first.items, ...rest.items].map((o) => o.id);
    expect(ids).toEqual(newestFirst(orders));
  });

  it('filters by any of several statuses, by brand, by customer key and by creation window', async () => {
    const brandId = newBrand();
    const [a, b, c, d] = await createOrders(brandId, 4);
    valueOf(await kit.changeStatus.execute({ orderId: b!.id, status: 'ACCEPTED', caller: staff, correlationId: randomUUID() }));
    valueOf(await kit.changeStatus.execute({ orderId: c!.id, status: 'REJECTED', caller: staff, correlationId: randomUUID() }));

    const ids = async (query: Omit<ListOrdersQuery, 'limit'>) =>
      valueOf(await kit.list.execute({ limit: 50, ...query })).items.map((o) => o.id);

    expect(await ids({ brandId, status: ['PLACED'] })).toEqual(newestFirst([a!, d!]));
    expect(await ids({ brandId, status: ['ACCEPTED', 'REJECTED'] })).toEqual(newestFirst([b!, c!]));
    expect(await ids({ brandId, status: ['PICKED_UP'] })).toEqual([]);

    const customer = `cust-${randomUUID()}`;
    const [mine] = await createOrders(newBrand(), 1, customer);
    expect(await ids({ customerId: customer })).toEqual([mine!.id]);

    const times = ['2031-05-01T10:00:00Z', '2031-05-01T11:00:00Z', '2031-05-01T12:00:00Z', '2031-05-01T13:00:00Z'];
    for (const [i, order] of [a, b, c, d].entries()) {
      await kit.dataSource.query('UPDATE orders.orders SET created_at = $2 WHERE id = $1', [order!.id, times[i]]);
    }
    // createdFrom inclusive, createdTo exclusive.
    expect(await ids({ brandId, createdFrom: times[1], createdTo: times[3] })).toEqual([c!.id, b!.id]);
    expect(await ids({ brandId, createdFrom: '2031-05-01T12:00:00.000Z' })).toEqual([d!.id, c!.id]);
    expect(await ids({ brandId, createdTo: '2031-05-01T11:00:00.001Z', status: ['ACCEPTED'] })).toEqual([b!.id]);
  });

  it('returns whole orders, as GET does', async () => {
    const brandId = newBrand();
    const [order] = await createOrders(brandId, 1);
    expect(valueOf(await kit.list.execute({ brandId, limit: 1 })).items).toEqual([order]);
  });

  it('refuses a cursor it did not hand out', async () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not a cursor',
      '!!!',
      '',
      json({ createdAt: '2030-01-01T00:00:00Z', id: randomUUID() }),
      json(['yesterday', randomUUID()]),
      json(['2030-01-01T00:00:00.000000Z', 'not-a-uuid']),
      json(['2030-13-45T00:00:00.000000Z', randomUUID()]),
      Buffer.from('[1,').toString('base64url'),
    ]) {
      expect({ cursor, result: await kit.list.execute({ limit: 5, cursor }) }).toEqual({
        cursor,
        result: { ok: false, error: { code: 'invalid_cursor', detail: expect.any(String) } },
      });
    }
  });
});
