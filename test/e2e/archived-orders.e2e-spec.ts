import { createHash } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { eventually } from '#test-support/wait.js';

const DAY = 86_400_000;
const RETENTION_DAYS = 30;
const TRACKING_TTL_DAYS = 35;

/**
 * What an order archived with ORDER_RETENTION_DAYS=30 still answers, on a stack of its own whose
 * tracking links live 35 days. The orders are backfilled with their statuses weeks ago, so their
 * terminal times are real ones; the orders service's start-up sweep archives them.
 */
describe('archived orders: retention from the terminal status, retried creates, tracking links', () => {
  let stack: OwnStack;
  let sql: pg.Client;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const run = Date.now().toString(36);
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

  /** Order A: cancelled 38 days ago, its refund processed today. B: picked up 32 days ago. C: open, paid. */
  const bodies = {
    a: { channelOrderId: `AO-${run}-a`, placedAt: ago(38.1), payments: [{ reference: `AO-${run}-pay-a`, amount: 12.5 }] },
    b: { channelOrderId: `AO-${run}-b`, placedAt: ago(32.1) },
    c: { channelOrderId: `AO-${run}-c`, payments: [{ reference: `AO-${run}-pay-c`, amount: 12.5 }] },
  };
  const body = (extra: object) => ({
    brandId: 'brand-archived',
    customer: { id: 'cust-1', name: 'Archie' },
    items: [{ plu: 'P-1', name: 'Burger', quantity: 1, unitPrice: 12.5 }],
    ...extra,
  });
  const keyOfA = `AO-${run}-key-a`;
  const created: Record<'a' | 'b' | 'c', { id: string; trackingToken: string }> = {} as never;
  const tokensAnswered: string[] = [];
  let retriedTokenOfB = '';

  beforeAll(async () => {
    stack = await startStackOfItsOwn('archived', {
      ORDER_RETENTION_DAYS: String(RETENTION_DAYS),
      TRACKING_TTL_MS: String(TRACKING_TTL_DAYS * DAY),
    });
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();

    const create = async (name: 'a' | 'b' | 'c', key?: string) => {
      const res = await api()
        .post('/v1/orders')
        .set(auth('admin'))
        .set(key ? { 'Idempotency-Key': key } : {})
        .send(body(bodies[name]))
        .expect(201);
      created[name] = { id: res.body.id, trackingToken: res.body.trackingToken };
      tokensAnswered.push(res.body.trackingToken);
    };
    const move = (name: 'a' | 'b', status: string, at: string) =>
      api().patch(`/v1/orders/${created[name].id}/status`).set(auth('internal')).send({ status, at }).expect(200);
    await create('a', keyOfA);
    await move('a', 'CANCELLED', ago(38));
    await create('b');
    for (const [k, status] of ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'].entries())
      await move('b', status, ago(32.05 - k / 100));
    await create('c');
    // A's refund is settled today: the order changes now, 38 days after it ended.
    const refunds = await api().get(`/v1/refunds?orderId=${created.a.id}`).set(auth('internal')).expect(200);
    expect(refunds.body.items).toHaveLength(1);
    await api().patch(`/v1/refunds/${refunds.body.items[0].id}`).set(auth('internal')).send({ status: 'PROCESSED' }).expect(200);

    await eventually(
      async () => (await sql.query(`SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL`)).rows[0].n === 0,
      'every event published',
    );
    await stack.stopOrders();
    // B is unchanged since it ended, as if its statuses had come live rather than backfilled today.
    await sql.query(`UPDATE orders.orders SET updated_at = $2 WHERE id = $1`, [created.b.id, ago(32)]);
    await stack.startOrders(); // its start-up sweep archives what is due
    await eventually(
      async () => (await sql.query(`SELECT count(*)::int AS n FROM orders_archive.orders`)).rows[0].n > 0,
      'the start-up sweep to archive',
    );
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
  }, 120_000);

  it('archives an order terminal for longer than the retention even when it changed since (a late refund)', async () => {
    const archived = await sql.query(`SELECT id::text FROM orders_archive.orders`);
    expect(archived.rows.map((r) => r.id).sort()).toEqual([created.a.id, created.b.id].sort());
    const working = await sql.query(`SELECT id::text FROM orders.orders`);
    expect(working.rows.map((r) => r.id)).toEqual([created.c.id]);
  });

  it('answers a retried create of an archived order with that order, by Idempotency-Key or by channel order, and stores nothing', async () => {
    const other = await api().post('/v1/orders').set(auth('admin')).send(body(bodies.b));
    const byKey = await api().post('/v1/orders').set(auth('admin')).set('Idempotency-Key', keyOfA).send(body(bodies.a));
    const byChannelOrder = await api().post('/v1/orders').set(auth('admin')).send(body(bodies.a));
    for (const [res, id] of [
      [other, created.b.id],
      [byKey, created.a.id],
      [byChannelOrder, created.a.id],
    ] as const) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, archived: true });
      expect(res.headers.location).toBe(`/v1/orders/${id}`);
      tokensAnswered.push(res.body.trackingToken);
    }
    expect(byKey.body.status).toBe('CANCELLED');
    expect(other.body.status).toBe('PICKED_UP');
    retriedTokenOfB = other.body.trackingToken as string;
    // The same key with another body is still the conflict it always was.
    const conflict = await api()
      .post('/v1/orders')
      .set(auth('admin'))
      .set('Idempotency-Key', keyOfA)
      .send(body({ ...bodies.a, channelOrderId: `AO-${run}-other` }));
    expect(conflict.status).toBe(409);

    const working = await sql.query(`SELECT id::text FROM orders.orders`);
    expect(working.rows.map((r) => r.id)).toEqual([created.c.id]);
    const outbox = await sql.query(`SELECT count(*)::int AS n FROM orders.outbox WHERE order_id = ANY($1::uuid[])`, [
      [created.a.id, created.b.id],
    ]);
    expect(outbox.rows[0].n).toBe(0);
  });

  it('refuses a new order paid with an archived order’s payment reference as it refuses a live one’s, and stores nothing', async () => {
    const outboxBefore = (await sql.query(`SELECT count(*)::int AS n FROM orders.outbox`)).rows[0].n;
    const paidWith = (reference: string, channelOrderId: string) =>
      api()
        .post('/v1/orders')
        .set(auth('admin'))
        .send(body({ channelOrderId, payments: [{ reference, amount: 12.5 }] }));
    const live = await paidWith(bodies.c.payments[0]!.reference, `AO-${run}-reuses-c`);
    const archived = await paidWith(bodies.a.payments[0]!.reference, `AO-${run}-reuses-a`);
    for (const [res, reference] of [
      [live, bodies.c.payments[0]!.reference],
      [archived, bodies.a.payments[0]!.reference],
    ] as const) {
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 409, type: live.body.type, title: live.body.title, reference });
    }
    expect(live.body.type).toMatch(/duplicate-payment/);

    const stored = await sql.query(
      `SELECT 'orders.orders' AS t FROM orders.orders WHERE channel_order_id LIKE $1
       UNION ALL SELECT 'orders_archive.orders' FROM orders_archive.orders WHERE channel_order_id LIKE $1
       UNION ALL SELECT 'orders.payments' FROM orders.payments WHERE reference = $2`,
      [`AO-${run}-reuses-%`, bodies.a.payments[0]!.reference],
    );
    expect(stored.rows).toEqual([]);
    expect((await sql.query(`SELECT count(*)::int AS n FROM orders.outbox`)).rows[0].n).toBe(outboxBefore);
  });

  it('keeps an archived order’s link working until it expires, and drops the tokens of expired ones', async () => {
    const shown = await api().get(`/v1/track/${created.b.trackingToken}`).expect(200);
    expect(shown.body).toMatchObject({ status: 'PICKED_UP', items: [{ name: 'Burger', quantity: 1 }] });
    // So does the token a retry of its create was answered with.
    await api().get(`/v1/track/${retriedTokenOfB}`).expect(200);
    await api().get(`/v1/track/${created.c.trackingToken}`).expect(200);
    const expired = await api().get(`/v1/track/${created.a.trackingToken}`);
    const unknown = await api().get(`/v1/track/${'x'.repeat(32)}`);
    expect(expired.status).toBe(404);
    expect(expired.text).toBe(unknown.text);
    const tokens = await sql.query<{ id: string; digest: Buffer; expires_at: Date | null }>(
      `SELECT order_id::text AS id, token_digest AS digest, expires_at FROM orders.tracking_tokens`,
    );
    const digestOfA = createHash('sha256').update(created.a.trackingToken).digest();
    expect(tokens.rows.filter((r) => r.digest.equals(digestOfA))).toEqual([]);
    // The tokens its retries were answered with expired with its link, and go with the next sweep.
    for (const row of tokens.rows.filter((r) => r.id === created.a.id))
      expect(row.expires_at!.getTime()).toBeLessThan(Date.now());
    for (const row of tokens.rows.filter((r) => r.id === created.b.id)) expect(row.expires_at).toBeInstanceOf(Date);
  });

  it('keeps no tracking token in clear anywhere in the database', async () => {
    const { rows: tables } = await sql.query(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('orders', 'orders_archive') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    expect(tokensAnswered.length).toBeGreaterThanOrEqual(3); // the creates', and the retries' so far
    for (const { name } of tables) {
      const { rows } = await sql.query(`SELECT t::text AS row FROM ${name} t`);
      for (const token of tokensAnswered) expect(rows.filter((r) => r.row.includes(token))).toEqual([]);
    }
  });
});
