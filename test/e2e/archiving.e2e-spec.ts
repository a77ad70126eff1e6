import pg from 'pg';
import request from 'supertest';
import { isDeepStrictEqual } from 'node:util';
import { parseCsv } from '#test-support/csv.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { eventually } from '#test-support/wait.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const RETENTION_DAYS = 30;

/**
 * Archiving on a stack of its own with ORDER_RETENTION_DAYS=30: orders are backdated in the
 * database (their end and last change 31 days ago) while the orders service is down, and its start-up sweep
 * archives them. Which orders move, what still answers them, and that no analytics figure changes,
 * before and after a rebuild.
 */
describe('archiving orders finished longer ago than ORDER_RETENTION_DAYS', () => {
  let stack: OwnStack;
  let sql: pg.Client;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const run = Date.now().toString(36);
  const base = Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Order ids by what happens to them. */
  const ids = { oldPickedUp: [] as string[], oldCancelled: [] as string[], recentPickedUp: '', oldAccepted: '' };

  beforeAll(async () => {
    stack = await startStackOfItsOwn('archive', { ORDER_RETENTION_DAYS: String(RETENTION_DAYS) });
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
  }, 120_000);

  /** A backfilled order placed at `at`, moved through `statuses` a few minutes apart, its lines edited once. */
  async function order(i: number, at: number, statuses: string[]): Promise<string> {
    const created = await api()
      .post('/v1/orders')
      .set(auth('admin'))
      .set('Idempotency-Key', `AR-${run}-key-${i}`)
      .send({
        channelOrderId: `AR-${run}-${i}`,
        brandId: i % 2 ? 'brand-north' : 'brand-south',
        customer: { id: `cust-${i % 3}`, name: 'Archie' },
        items: [
          { plu: 'P-1', name: 'Burger', quantity: 1 + (i % 2), unitPrice: 12.5 },
          { plu: 'P-2', name: 'Fries', quantity: 1, unitPrice: 3.2 },
        ],
        placedAt: iso(at),
      })
      .expect(201);
    const id = created.body.id as string;
    for (const [k, status] of statuses.entries()) {
      await api()
        .patch(`/v1/orders/${id}/status`)
        .set(auth('internal'))
        .send({ status, at: iso(at + (k + 1) * 240_000) })
        .expect(200);
    }
    return id;
  }

  const figures = async () => {
    const range = `from=${iso(base - DAY)}&to=${iso(base + 3 * DAY)}`;
    const read = async (path: string) => (await api().get(path).set(auth('analyst')).expect(200)).body as unknown;
    return {
      summary: await read('/v1/analytics/summary'),
      throughput: await read(`/v1/analytics/throughput?${range}`),
      orderDurations: await read(`/v1/analytics/status-durations?${range}&scope=order`),
      itemDurations: await read(`/v1/analytics/status-durations?${range}&scope=item`),
      customers: await read('/v1/analytics/customers?limit=100'),
    };
  };
  const listed = async (query = '') =>
    (await api().get(`/v1/orders?limit=500${query}`).set(auth('staff')).expect(200)).body.items as {
      id: string;
      archived: boolean;
    }[];
  const exported = async (query = '') =>
    parseCsv((await api().get(`/v1/orders/export${query}`).set(auth('analyst')).expect(200)).text)
      .slice(1)
      .map((r) => r[0]);

  it('moves only the orders terminal for longer than the retention, and answers them by id as archived', async () => {
    const done = ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'];
    for (let i = 0; i < 6; i++) ids.oldPickedUp.push(await order(i, base + i * HOUR, done));
    for (let i = 6; i < 9; i++) ids.oldCancelled.push(await order(i, base + i * HOUR, ['ACCEPTED', 'CANCELLED']));
    ids.recentPickedUp = await order(9, base + 9 * HOUR, done);
    ids.oldAccepted = await order(10, base + 10 * HOUR, ['ACCEPTED']);
    const archivable = [...ids.oldPickedUp, ...ids.oldCancelled];
    const all = [...archivable, ids.recentPickedUp, ids.oldAccepted];

    // Every event out and applied, so what the working tables held is what analytics saw: each order
    // counted in its last status (an order counted at all may still wait for its later events).
    const finalStatuses = { PICKED_UP: 7, CANCELLED: 3, ACCEPTED: 1 };
    await eventually(
      async () => {
        const { rows } = await sql.query(`SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL`);
        const summary = (await api().get('/v1/analytics/summary').set(auth('analyst'))).body as {
          ordersByStatus: Record<string, number>;
        };
        const counted = Object.fromEntries(Object.entries(summary.ordersByStatus).filter(([, n]) => n > 0));
        return rows[0].n === 0 && isDeepStrictEqual(counted, finalStatuses);
      },
      'events published and applied',
      30_000,
    );
    const before = await figures();
    const views = new Map<string, unknown>();
    for (const id of all) views.set(id, (await api().get(`/v1/orders/${id}`).set(auth('staff')).expect(200)).body);
    expect((views.get(ids.oldAccepted) as { archived: boolean }).archived).toBe(false);

    await stack.stopOrders();
    // Retention counts from the terminal status; an order that never ended stays however old.
    const backdate = (days: number, orderIds: string[]) =>
      sql.query(
        `UPDATE orders.orders SET updated_at = now() - interval '${days} days',
                terminal_at = CASE WHEN terminal_at IS NOT NULL THEN now() - interval '${days} days' END
          WHERE id = ANY($1::uuid[])`,
        [orderIds],
      );
    await backdate(RETENTION_DAYS + 1, [...archivable, ids.oldAccepted]);
    await backdate(RETENTION_DAYS - 1, [ids.recentPickedUp]);
    await stack.startOrders(); // its start-up sweep archives what is due
    await eventually(
      async () => (await sql.query(`SELECT count(*)::int AS n FROM orders_archive.orders`)).rows[0].n === archivable.length,
      'the due orders archived',
    );

    const working = await sql.query(`SELECT id::text FROM orders.orders`);
    expect(working.rows.map((r) => r.id).sort()).toEqual([ids.recentPickedUp, ids.oldAccepted].sort());
    const left = await sql.query(
      `SELECT (SELECT count(*) FROM orders.order_items WHERE order_id = ANY($1::uuid[]))::int AS items,
              (SELECT count(*) FROM orders.status_history WHERE order_id = ANY($1::uuid[]))::int AS history,
              (SELECT count(*) FROM orders.refunds WHERE order_id = ANY($1::uuid[]))::int AS refunds,
              (SELECT count(*) FROM orders.outbox WHERE order_id = ANY($1::uuid[]))::int AS outbox,
              (SELECT count(*) FROM orders.idempotency_keys WHERE order_id = ANY($1::uuid[]))::int AS keys,
              (SELECT count(*) FROM orders_archive.order_items WHERE order_id = ANY($1::uuid[]))::int AS archived_items,
              (SELECT count(*) FROM orders_archive.status_history WHERE order_id = ANY($1::uuid[]))::int AS archived_history,
              (SELECT count(*) FROM orders.outbox WHERE order_id = ANY($2::uuid[]))::int AS kept_outbox`,
      [archivable, [ids.recentPickedUp, ids.oldAccepted]],
    );
    expect(left.rows[0]).toMatchObject({
      items: 0,
      history: 0,
      refunds: 0,
      outbox: 0,
      // Keys stay where a retried create looks for them.
      keys: archivable.length,
    });
    expect(left.rows[0].archived_items).toBe(2 * archivable.length);
    expect(left.rows[0].archived_history).toBeGreaterThan(archivable.length);
    expect(left.rows[0].kept_outbox).toBeGreaterThan(0);

    for (const id of all) {
      const res = await api().get(`/v1/orders/${id}`).set(auth('staff')).expect(200);
      // updatedAt is the backdated one; everything else as it was before archiving.
      expect(res.body).toEqual({
        ...(views.get(id) as object),
        updatedAt: res.body.updatedAt,
        archived: archivable.includes(id),
      });
    }

    const history = await api().get(`/v1/orders/${ids.oldCancelled[0]}/history`).set(auth('staff')).expect(200);
    expect(history.body.order.map((e: { status: string }) => e.status)).toEqual(['PLACED', 'ACCEPTED', 'CANCELLED']);

    // Lists and the export skip archived orders unless asked.
    expect((await listed()).map((o) => o.id).sort()).toEqual([ids.recentPickedUp, ids.oldAccepted].sort());
    const withArchived = await listed('&includeArchived=true');
    expect(withArchived.map((o) => o.id).sort()).toEqual([...all].sort());
    expect(
      withArchived
        .filter((o) => o.archived)
        .map((o) => o.id)
        .sort(),
    ).toEqual([...archivable].sort());
    expect((await exported()).sort()).toEqual([ids.recentPickedUp, ids.oldAccepted].sort());
    expect((await exported('?includeArchived=true')).sort()).toEqual([...all].sort());
    // Pages of two across both schemas: newest first, none repeated or lost.
    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await api()
        .get(`/v1/orders?limit=2&includeArchived=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set(auth('staff'))
        .expect(200);
      paged.push(...(res.body.items as { id: string }[]).map((o) => o.id));
      cursor = res.body.nextCursor as string | null;
    }
    expect(paged).toEqual(withArchived.map((o) => o.id));
    expect((await api().get('/v1/orders?includeArchived=yes').set(auth('staff'))).status).toBe(400);

    // No figure changes, and a rebuild from the analytics event store gives them again.
    expect(await figures()).toEqual(before);
    expect((await api().post('/v1/analytics/rebuild').set(auth('admin')).expect(200)).body.orders).toBe(all.length);
    expect(await figures()).toEqual(before);
  }, 120_000);
});
