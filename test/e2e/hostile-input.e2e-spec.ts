import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import request from 'supertest';
import type { OrderView } from '#contracts';
import { messagesPublished } from '#observability';
import { EventTap } from '../support/event-tap.js';
import { type OwnStack, startStackOfItsOwn } from '../support/own-stack.js';
import { eventually } from '../support/wait.js';
import { HOSTILE_CASES, type HostileCase, validOrder } from './support/hostile-cases.js';
import { OVERSIZED_CASES } from './support/oversized-bodies.js';

setFlagsFromString('--expose-gc');
/** A full collection, so that heap figures count only what is still referenced. */
const collectGarbage = runInNewContext('gc') as () => void;

const run = promisify(execFile);

/**
 * Every route under fire from hostile input, on a database and vhost of this test's own so that
 * "nothing stored, queued or published" can be checked exactly: each request is a 4xx problem
 * naming the field, no row changes, no command is queued but those the orders service itself
 * must refuse, no queue holds a message, and no event is published.
 */
describe('hostile input', () => {
  let stack: OwnStack;
  let tap: EventTap;
  let sql: pg.Client;
  let fixture: OrderView;
  let rowsBefore: Record<string, number>;
  let commandsBefore: number;
  let eventsBefore: number;
  const api = () => request(stack.gatewayUrl);
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });

  async function rowCounts(): Promise<Record<string, number>> {
    const { rows: tables } = await sql.query<{ name: string }>(
      `SELECT schemaname || '.' || tablename AS name FROM pg_tables
        WHERE schemaname IN ('orders', 'analytics') AND tablename NOT LIKE '%migrations' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      counts[name] = Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`)).rows[0]!.n);
    }
    return counts;
  }

  const commandsPublished = async () =>
    (await messagesPublished.get()).values.find((v) => v.labels.destination === 'orders.commands')?.value ?? 0;

  async function queueDepths(): Promise<Record<string, number>> {
    const { vhost } = stack;
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', '-p', vhost, 'name', 'messages', '--no-table-headers']);
    return Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .map(([name, messages]) => [name!, Number(messages)]),
    );
  }

  beforeAll(async () => {
    stack = await startStackOfItsOwn('hostile', { ORDER_ACCEPT_TIMEOUT_MS: '3600000' });
    tap = await EventTap.open(stack.amqpUrl);
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();

    const created = await api().post('/v1/orders').set(auth('channel')).send(validOrder());
    expect(created.status).toBe(201);
    fixture = created.body as OrderView;
    await tap.waitFor(fixture.id, 1);
    // Analytics has taken the order in once its summary counts it: its tables are at rest.
    await eventually(
      async () => {
        const summary = await api().get('/v1/analytics/summary').set(auth('analyst'));
        return summary.body.ordersByStatus?.PLACED === 1;
      },
      'analytics counting the order',
      20_000,
    );
    rowsBefore = await rowCounts();
    commandsBefore = await commandsPublished();
    eventsBefore = tap.received.length;
  });

  afterAll(async () => {
    await sql?.end();
    await tap?.close();
    await stack?.stop();
  });

  it('has at least 200 cases over every route', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(200);
    const routes = new Set(HOSTILE_CASES.map((c) => c.name.split(':')[0]));
    expect([...routes].sort()).toEqual(
      [
        'create',
        'add items',
        'change status',
        'promised time',
        'item status',
        'get order',
        'order history',
        'list orders',
        'list refunds',
        'update refund',
        'stream',
        'analytics',
        'webhooks',
        'brand availability',
        'edit order',
        'item quantity',
        'goodwill refund',
        'track',
      ].sort(),
    );
  });

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c: HostileCase) => {
    const key = stack.keys[c.role]!;
    const path = c.path.replace('{order}', fixture.id).replace('{plu}', fixture.items[0]!.plu).replace('{key}', key);
    let req = api()
      [c.method](path)
      .set(auth(c.role))
      .set(c.headers ?? {});
    if (c.raw !== undefined) {
      req = req
        .set('Content-Type', c.contentType ?? 'application/json')
        // superagent would JSON-encode a Buffer; its serializer may hand the bytes over unchanged
        .serialize((raw: string | Buffer) => raw as string)
        .send(c.raw as string);
    } else if (c.body !== undefined) {
      req = req.send(c.body as object);
    }
    const res = await req;

    expect({ status: res.status, body: res.body }).toMatchObject({ status: c.status });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: c.status });
    expect(res.body.detail).toEqual(expect.stringMatching(/\S/));
    const fields: string[] = (res.body.errors ?? []).map((e: { field: string }) => e.field);
    const named = fields.some((f) => f === c.field || f.startsWith(`${c.field}.`)) || res.body.detail.includes(c.field);
    expect({ named, field: c.field, fields, detail: res.body.detail }).toMatchObject({ named: true });
    expect(JSON.stringify(res.body)).not.toContain(key);
  });

  it('leaves the heap where it was after every 100,000-element body, and still answers', async () => {
    const heapAfterCollection = () => {
      collectGarbage();
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const sendAll = async () => {
      for (const c of OVERSIZED_CASES) {
        const path = c.path.replace('{order}', fixture.id).replace('{plu}', fixture.items[0]!.plu);
        const res = await api()
          [c.method](path)
          .set(auth(c.role))
          .send(c.body as object);
        expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: c.status });
      }
    };
    // A round first, so that what is measured is what a round leaves behind, not code compiled or
    // caches filled on the way (the other cases of this suite run on the same routes in between).
    await sendAll();
    const before = heapAfterCollection();
    await sendAll();
    const grownMb = (heapAfterCollection() - before) / 2 ** 20;
    expect(grownMb).toBeLessThan(10);
    await api().get(`/v1/orders/${fixture.id}`).set(auth('staff')).expect(200);
  });

  it('stored, queued and published nothing', async () => {
    expect(await rowCounts()).toEqual(rowsBefore);
    const refusedByOrders = HOSTILE_CASES.filter((c) => c.reachesOrders).length;
    expect((await commandsPublished()) - commandsBefore).toBe(refusedByOrders);
    const depths = Object.entries(await queueDepths());
    expect(depths.filter(([, messages]) => messages !== 0)).toEqual([]);
    expect(depths.map(([name]) => name)).toEqual(expect.arrayContaining(['orders.commands', 'orders.commands.dlq']));

    // A change made now is published; anything a hostile request had caused would be ahead of it.
    const accepted = await api().patch(`/v1/orders/${fixture.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' });
    expect(accepted.status).toBe(200);
    await tap.waitFor(fixture.id, 3);
    expect(tap.received.slice(eventsBefore).map((e) => [e.event.subject, e.event.type])).toEqual([
      [fixture.id, 'order.status_changed'],
      [fixture.id, 'order.promised_time_changed'],
    ]);
  });
});
