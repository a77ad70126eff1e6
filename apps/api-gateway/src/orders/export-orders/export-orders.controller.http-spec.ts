import { ServiceUnavailableException } from '@nestjs/common';
import type { OrderExportRow } from '#contracts';
import { parseCsv } from '#test-support/csv.js';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.client.reset());

const HEADER =
  'id,channelOrderId,brandId,status,placedAt,fulfillmentMode,itemCount,totalAmount,paidAmount,refundedAmount,currency';
const row = (n: number, overrides: Partial<Record<number, string | number | null>> = {}): OrderExportRow =>
  Object.assign(
    [ORDER_ID, `CH-${n}`, 'b1', 'PLACED', '2026-11-22T10:00:00.000Z', 'PICKUP', 2, '12.5', '12.5', '0', 'EUR'],
    overrides,
  );

const get = (query = '', role: 'staff' | 'analyst' | 'internal' | 'channel' = 'analyst') =>
  t.http().get(`/v1/orders/export${query}`).set(bearer(role));

describe('GET /v1/orders/export', () => {
  it('streams every page after the header, asking page after page with the previous cursor', async () => {
    const pages: Record<string, { rows: OrderExportRow[]; nextCursor: string | null }> = {
      first: { rows: [row(1), row(2)], nextCursor: 'c1' },
      c1: { rows: [row(3, { 1: '=cmd|calc', 10: null })], nextCursor: 'c2' },
      c2: { rows: [], nextCursor: null },
    };
    t.client.onQuery('orders.export-page', (q) => ({ ok: true, value: pages[q.cursor ?? 'first'] }));
    const res = await get('?status=PLACED&status=READY&brandId=b1&createdFrom=2026-11-01T00:00:00Z').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="orders.csv"');
    const records = parseCsv(res.text);
    expect(records[0].join(',')).toBe(HEADER);
    expect(records.slice(1).map((r) => r[1])).toEqual(['CH-1', 'CH-2', "'=cmd|calc"]);
    expect(records[3][10]).toBe('');
    expect(t.client.sent.map((s) => s.payload)).toEqual([
      { status: ['PLACED', 'READY'], brandId: 'b1', createdFrom: '2026-11-01T00:00:00.000Z', limit: 1000 },
      { status: ['PLACED', 'READY'], brandId: 'b1', createdFrom: '2026-11-01T00:00:00.000Z', limit: 1000, cursor: 'c1' },
      { status: ['PLACED', 'READY'], brandId: 'b1', createdFrom: '2026-11-01T00:00:00.000Z', limit: 1000, cursor: 'c2' },
    ]);
  });

  it('answers CSV whatever the Accept header; staff and internal may too', async () => {
    t.client.onQuery('orders.export-page', { ok: true, value: { rows: [], nextCursor: null } });
    for (const role of ['staff', 'internal'] as const) {
      const res = await get('', role).set('Accept', 'text/csv').expect(200);
      expect(res.text).toBe(`${HEADER}\r\n`);
    }
  });

  it('asks a page again when it got no answer in time, and cuts the file short when it never does', async () => {
    let misses = 0;
    t.client.onQuery('orders.export-page', (q) => {
      if (q.cursor === 'c1' && misses++ < 2) throw new ServiceUnavailableException('no answer in time');
      if (q.cursor === 'c2') throw new ServiceUnavailableException('no answer in time');
      return { ok: true, value: q.cursor ? { rows: [row(2)], nextCursor: 'c2' } : { rows: [row(1)], nextCursor: 'c1' } };
    });
    const res = await get().catch((e: Error) => e);
    // The connection is cut: an incomplete file is never mistaken for a whole one.
    expect(String(res)).toMatch(/aborted|hang up|ECONNRESET/);
    expect(t.client.sent.map((s) => (s.payload as { cursor?: string }).cursor)).toEqual([
      undefined,
      'c1',
      'c1',
      'c1',
      'c2',
      'c2',
      'c2',
    ]);
  });

  it('a failure before the first row is a problem document', async () => {
    t.client.onQuery('orders.export-page', new Error('no answer'));
    const res = await get();
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each<[string, string]>([
    ['?limit=10', 'limit'],
    ['?cursor=abc', 'cursor'],
    ['?status=LOST', 'status'],
    ['?createdFrom=2026-11-02T00:00:00Z&createdTo=2026-11-01T00:00:00Z', 'createdTo'],
    ['?createdFrom=yesterday', 'createdFrom'],
    ['?brandId=a%00', 'brandId'],
  ])('400 for %s, asking nothing', async (query, field) => {
    expect(fieldsOf(expectProblem(await get(query), 400, 'validation-error'))).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('403 for the channel role', async () => {
    expectProblem(await get('', 'channel'), 403);
    expect(t.client.sent).toEqual([]);
  });
});
