import { get as httpGet } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import request from 'supertest';
import { parseCsv } from '#test-support/csv.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const HEADER =
  'id,channelOrderId,brandId,status,placedAt,fulfillmentMode,itemCount,totalAmount,paidAmount,refundedAmount,currency';
const SEEDED = 100_000;

/**
 * GET /v1/orders/export over the real stack: the figures of orders placed, extended, cancelled
 * and refunded through the API, the list's filters, and 100,000 orders streamed in a heap that
 * stays flat.
 */
describe('orders export', () => {
  let stack: OwnStack;
  let sql: pg.Client;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const run = Date.now().toString(36);
  const exported = async (query = '') => {
    const res = await api().get(`/v1/orders/export${query}`).set(auth('analyst'));
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(res.text);
    expect(header.join(',')).toBe(HEADER);
    return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  };

  beforeAll(async () => {
    stack = await startStackOfItsOwn('export');
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
  }, 120_000);

  it('writes each order’s lines, total, payments and refunds not FAILED, and honours the list’s filters', async () => {
    const dineIn = await api()
      .post('/v1/orders')
      .set(auth('channel'))
      .send({
        channelOrderId: `EX-${run}-1`,
        brandId: `brand-ex-${run}`,
        customer: { id: 'c-ex', name: '=HYPERLINK("x")' },
        fulfillment: { mode: 'DINE_IN', table: '4' },
        items: [
          { plu: 'P-1', name: 'Soup', quantity: 2, unitPrice: 7.25 },
          { plu: 'P-2', name: 'Water', quantity: 1 },
        ],
        payments: [
          { reference: `pay-${run}-1`, amount: 10 },
          { reference: `pay-${run}-2`, amount: 4.5 },
        ],
        currency: 'EUR',
      });
    expect(dineIn.status).toBe(201);
    const delivery = await api()
      .post('/v1/orders')
      .set(auth('channel'))
      .send({
        channelOrderId: `=EX-${run}-2`,
        brandId: `brand-other-${run}`,
        customer: { id: 'c-ex2', name: 'Ann' },
        deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
        items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 0.1 }],
      });
    expect(delivery.status).toBe(201);
    const added = await api()
      .post(`/v1/orders/${delivery.body.id}/items`)
      .set(auth('channel'))
      .send({ items: [{ plu: 'P-3', name: 'Bread', quantity: 3, unitPrice: 0.2 }] });
    expect(added.status).toBe(200);
    // A removed line stays on the order, cancelled, but is neither counted nor in the total.
    const removed = await api().patch(`/v1/orders/${delivery.body.id}/items/P-1`).set(auth('channel')).send({ quantity: 0 });
    expect(removed.status).toBe(200);
    // Cancelled while paid: both payments are owed back; one refund then fails.
    expect(
      (await api().patch(`/v1/orders/${dineIn.body.id}/status`).set(auth('staff')).send({ status: 'CANCELLED' })).status,
    ).toBe(200);
    const refunds = await api().get(`/v1/refunds?orderId=${dineIn.body.id}`).set(auth('internal'));
    const failed = refunds.body.items.find((r: { amount: number }) => r.amount === 10);
    expect((await api().patch(`/v1/refunds/${failed.id}`).set(auth('internal')).send({ status: 'FAILED' })).status).toBe(200);

    const rows = await exported();
    expect(rows).toEqual([
      {
        id: delivery.body.id,
        channelOrderId: `'=EX-${run}-2`,
        brandId: `brand-other-${run}`,
        status: 'PLACED',
        placedAt: delivery.body.placedAt,
        fulfillmentMode: 'DELIVERY',
        itemCount: '1',
        totalAmount: '0.6',
        paidAmount: '0',
        refundedAmount: '0',
        currency: '',
      },
      {
        id: dineIn.body.id,
        channelOrderId: `EX-${run}-1`,
        brandId: `brand-ex-${run}`,
        status: 'CANCELLED',
        placedAt: dineIn.body.placedAt,
        fulfillmentMode: 'DINE_IN',
        itemCount: '2',
        totalAmount: '14.5',
        paidAmount: '14.5',
        refundedAmount: '4.5',
        currency: 'EUR',
      },
    ]);
    expect((await exported(`?brandId=brand-ex-${run}`)).map((r) => r.id)).toEqual([dineIn.body.id]);
    expect((await exported('?status=PLACED')).map((r) => r.id)).toEqual([delivery.body.id]);
    expect(await exported(`?createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
  });

  it(`streams ${SEEDED.toLocaleString('en')} orders, every one once, in a heap that does not grow with them`, async () => {
    await sql.query(
      `INSERT INTO orders.orders (id, channel_order_id, brand_id, customer, currency, status, placed_at, created_at, updated_at)
       SELECT gen_random_uuid(), 'SEED-' || n, 'brand-seed-' || (n % 7), '{}'::jsonb, 'EUR', 1,
         now() - n * interval '1 second', now() - n * interval '1 second', now()
       FROM generate_series(1, $1) n`,
      [SEEDED],
    );
    await sql.query(
      `INSERT INTO orders.order_items (order_id, plu, line_no, name, quantity, unit_price, status, added_at)
       SELECT id, 'P-1', 1, 'Soup', 2, 7.25, 1, created_at FROM orders.orders WHERE channel_order_id LIKE 'SEED-%'`,
    );
    await sql.query('ANALYZE orders.orders, orders.order_items'); // as autovacuum would have by now
    const heap = () => {
      collectGarbage();
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const seeded = Date.now();
    // Read as a stream and keep nothing: in this process a buffered client would hide the server's memory.
    const { lines, samples } = await new Promise<{ lines: number; samples: number[] }>((resolve, reject) => {
      const url = new URL('/v1/orders/export?status=PLACED', stack.gatewayUrl);
      httpGet(url, { headers: auth('analyst') }, (res) => {
        let count = 0;
        const at: number[] = [];
        res.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) count++;
          if (at.length < Math.floor(count / 20_000)) at.push(heap());
        });
        res.on('end', () => resolve({ lines: count, samples: at }));
        res.on('error', reject);
      }).on('error', reject);
    });
    const seconds = (Date.now() - seeded) / 1000;
    process.stdout.write(
      `export: ${lines - 1} orders in ${seconds.toFixed(1)} s (${Math.round((lines - 1) / seconds)} rows/s), heap every 20,000 rows: ${samples.map((b) => Math.round(b / 1e6)).join(', ')} MB\n`,
    );
    expect(lines).toBe(SEEDED + 2); // the header, the seeded orders and the one placed above
    const growth = Math.max(...samples) - samples[0];
    // Holding 80,000 more orders would take well over 20 MB (their text alone is 12 MB).
    expect(growth).toBeLessThan(8_000_000);
  }, 300_000);
});
