import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CloudEvent } from '#contracts';
import { eventually } from '#test-support/wait.js';
import { analyticsServices, snapshot } from './support/analytics-services.js';
import { eventsOf } from './support/event-script.js';
import { prng, timelineOf } from './support/expected-figures.js';

const HOUR = 3_600_000;
const total = (v: { ordersByStatus: Record<string, number> }) => Object.values(v.ordersByStatus).reduce((a, b) => a + b, 0);
const DAY = 86_400_000;

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** An order's events after placement: quantity changes and a removal, with the sequences that follow. */
function edited(events: CloudEvent[], i: number): CloudEvent[] {
  const created = events[0].data as { id: string; items: { plu: string; quantity: number }[] };
  const placedAt = Date.parse(events[0].time);
  const edits: { type: CloudEvent['type']; data: unknown }[] = [];
  const plu = created.items[0]?.plu ?? 'P-1';
  if (i % 3 === 0) edits.push({ type: 'order.item_quantity_changed', data: { orderId: created.id, plu, from: 1, to: 5 } });
  if (i % 4 === 1) edits.push({ type: 'order.item_quantity_changed', data: { orderId: created.id, plu, from: 1, to: 0 } });
  if (i % 5 === 2)
    edits.push(
      {
        type: 'order.items_added',
        data: { orderId: created.id, items: [{ plu: 'X-9', name: 'x', quantity: 3, unitPrice: 0.35 }] },
      },
      {
        type: 'order.item_status_changed',
        data: {
          orderId: created.id,
          plu: 'X-9',
          from: 'QUEUED',
          to: 'CANCELLED',
          at: new Date(placedAt + 90_000).toISOString(),
          reason: 'removed',
        },
      },
    );
  // Edits happen early (the orders service refuses them on finished orders), but their sequences follow.
  return [
    ...events,
    ...edits.map((e, k) => ({
      ...events[0],
      id: randomUUID(),
      type: e.type,
      time: new Date(placedAt + 60_000 + k * 1000).toISOString(),
      sequence: events.length + k + 1,
      data: e.data as never,
    })),
  ];
}

describe('rebuild: set-based, equal to the incremental projection, swapped in at once', () => {
  let s: Awaited<ReturnType<typeof analyticsServices>>;
  let blocker: pg.Client;

  beforeAll(async () => {
    s = await analyticsServices('rebuild');
    blocker = new pg.Client({ connectionString: s.db.url });
    await blocker.connect();
  }, 60_000);
  afterAll(async () => {
    await blocker?.end();
    await s?.close();
  }, 120_000);

  const applied = async () =>
    (await s.sql.query(`SELECT coalesce(sum(applied_sequence), 0)::int AS n FROM analytics.order_state`)).rows[0].n as number;

  it('gives the incremental figures after edits, duplicates and reorderings, and later events apply on top of it', async () => {
    const rand = prng(21);
    const base = Math.floor((Date.now() - 3 * DAY) / DAY) * DAY + 11 * HOUR;
    const perOrder = Array.from({ length: 80 }, (_, i) =>
      edited(eventsOf(randomUUID(), timelineOf(i, base, 20 * HOUR, rand)), i),
    );
    expect(perOrder.flat().some((e) => e.type === 'order.item_quantity_changed')).toBe(true);
    // The last event of every fourth order arrives only after the rebuild; one order waits behind a gap.
    const later = perOrder.filter((_, i) => i % 4 === 0).map((events) => events.at(-1)!);
    const gap = perOrder[1][1];
    const first = perOrder.flat().filter((e) => !later.includes(e) && e !== gap);
    const stream = shuffle([...first, ...shuffle([...first], rand).slice(0, 60)], rand);
    for (let i = 0; i < stream.length; i += 25) await s.ingest.execute(stream.slice(i, i + 25));

    const incremental = await snapshot(s.sql);
    expect(incremental.status_durations.length).toBeGreaterThan(0);
    const outcome = await s.rebuild.execute();
    expect(outcome).toMatchObject({ orders: 80, events: first.length });
    expect(await snapshot(s.sql)).toEqual(incremental);
    // The state it leaves: every order's contiguous events applied, no gap crossed.
    expect(await applied()).toBe(first.length - (perOrder[1].length - 2));

    await s.ingest.execute(shuffle([...later, gap, later[0]], rand));
    const afterwards = await snapshot(s.sql);
    expect(afterwards).not.toEqual(incremental);
    await s.rebuild.execute();
    expect(await snapshot(s.sql)).toEqual(afterwards);
    expect(await applied()).toBe(perOrder.flat().length);
  }, 120_000);

  it('answers reads from the old tables while it runs, holds new events back, and swaps every table in at once', async () => {
    const before = await snapshot(s.sql);
    const summary = await s.summary.execute({});
    // Old figures that differ from what the rebuild computes, so which tables a read sees is visible.
    await s.sql.query(`UPDATE analytics.status_counts SET count = count + 1000`);
    await s.sql.query(`UPDATE analytics.customers SET orders = orders + 1000`);
    const old = await s.summary.execute({});
    const oldTop = await s.topCustomers.execute({ limit: 5 });
    expect(total(old)).toBeGreaterThanOrEqual(total(summary) + 1000);

    // Held mid-way: the rebuild waits for this transaction before it replaces `processing`.
    await blocker.query(`CREATE TABLE analytics.processing_rebuilt (LIKE analytics.processing)`);
    await blocker.query(`BEGIN`);
    await blocker.query(`LOCK TABLE analytics.processing_rebuilt IN ACCESS SHARE MODE`);
    const rebuilding = s.rebuild.execute();
    await eventually(
      async () =>
        (
          await s.sql.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'analytics.processing_rebuilt'::regclass`,
          )
        ).rows[0].n === 1,
      'the rebuild waiting half-way',
    );
    expect(await s.summary.execute({})).toEqual(old);
    expect(await s.topCustomers.execute({ limit: 5 })).toEqual(oldTop);
    // A new order's events wait for the rebuild's commit, then count on top of it.
    const newcomer = eventsOf(randomUUID(), timelineOf(3, Date.now() - 2 * HOUR, HOUR, prng(5)));
    let ingested = false;
    const ingesting = s.ingest.execute(newcomer).then(() => (ingested = true));
    await eventually(
      async () =>
        (
          await s.sql.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'analytics.order_events'::regclass`,
          )
        ).rows[0].n === 1,
      'the new events waiting',
    );
    expect(ingested).toBe(false);
    expect(await s.summary.execute({})).toEqual(old);

    await blocker.query(`COMMIT`);
    await rebuilding;
    await ingesting;
    const after = await s.summary.execute({});
    expect(total(after)).toBe(total(summary) + 1);
    expect(await s.topCustomers.execute({ limit: 5 })).not.toEqual(oldTop);
    await s.rebuild.execute();
    const rebuiltAgain = await snapshot(s.sql);
    expect(rebuiltAgain.status_counts).not.toEqual(before.status_counts);
    expect(await s.summary.execute({})).toEqual(after);
  }, 120_000);

  it('fails whole when one of its work connections fails: old figures, no table of its left behind', async () => {
    const before = await snapshot(s.sql);
    const leftovers = async () =>
      (
        await s.sql.query(
          `SELECT relname FROM pg_class WHERE relnamespace = 'analytics'::regnamespace
             AND (relname LIKE 'rebuild\\_%' OR relname LIKE '%\\_rebuilt') ORDER BY 1`,
        )
      ).rows.map((r: { relname: string }) => r.relname);
    // Held late, once the work tables and most copies are committed: its connection is then cut.
    await blocker.query(`CREATE TABLE analytics.customers_rebuilt (LIKE analytics.customers)`);
    await blocker.query(`BEGIN`);
    await blocker.query(`LOCK TABLE analytics.customers_rebuilt IN ACCESS SHARE MODE`);
    const rebuilding = s.rebuild.execute().then(
      () => 'completed',
      (error: Error) => error.message,
    );
    const waiting = async () =>
      (await s.sql.query(`SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'analytics.customers_rebuilt'::regclass`))
        .rows as { pid: number }[];
    await eventually(async () => (await waiting()).length === 1, 'the rebuild waiting half-way');
    expect(await leftovers()).toContain('throughput_rebuilt');
    await s.sql.query(`SELECT pg_terminate_backend($1)`, [(await waiting())[0].pid]);
    await blocker.query(`COMMIT`);

    expect(await rebuilding).toMatch(/terminat/);
    expect(await snapshot(s.sql)).toEqual(before);
    expect(await leftovers()).toEqual([]);
    // Nothing it left stands in the way of the next one.
    await s.rebuild.execute();
    expect(await snapshot(s.sql)).toEqual(before);
  }, 120_000);
});
