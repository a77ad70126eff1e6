import type { INestApplication } from '@nestjs/common';
import amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '#config';
import { ORDERS_COMMAND_QUEUE, OrderCommands, type AddItemsCommand } from '#contracts';
import { AmqpConnection, declareWorkQueue, ordersCommandQueue, RpcClient } from '#messaging';
import { createOrdersApp } from '../../apps/orders/src/orders-app.js';
import { replayCopy } from '../../scripts/dlq/dead-letter.js';
import { DeadLetterQueues } from '../../scripts/dlq/dead-letter-queues.js';
import { renderListing } from '../../scripts/dlq/render.js';
import { createCommand, createScratchDatabase } from '../orders/support/orders-test-kit.js';
// @ts-expect-error plain JS helper of the test set-up, without type declarations
import { createVhost, deleteVhost } from '#test-support/isolation.js';
import { ackedOn, eventually } from '#test-support/wait.js';

const DLQ = 'orders.commands.dlq';

/**
 * The operator's dead-letter tool against the real orders service: a database bug (a trigger that
 * refuses some items, standing for any class-23 failure) dead-letters commands; once it is fixed,
 * replaying them applies each exactly once.
 */
describe('npm run dlq: listing and replaying dead-lettered commands', () => {
  const vhost = `${process.env.OMS_TEST_RUN ?? 'oms_test_local'}_dlq_orders`;
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let sql: pg.Client;
  let app: INestApplication;
  let broker: amqplib.ChannelModel;
  let connection: AmqpConnection;
  let client: RpcClient;
  let tool: DeadLetterQueues;
  let orderId: string;

  beforeAll(async () => {
    db = await createScratchDatabase('dlq_orders');
    const amqpUrl = (await createVhost(vhost)) as string;
    const config = loadConfig({ DATABASE_URL: db.url, AMQP_URL: amqpUrl, LOG_LEVEL: 'silent' });
    app = await createOrdersApp(config);
    await app.listen(0, '127.0.0.1');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    connection = new AmqpConnection(amqpUrl, 'dlq-test');
    client = new RpcClient(connection, 'dlq-test', (ch) => declareWorkQueue(ch, ordersCommandQueue, 'classic'));
    await client.ready();
    broker = await amqplib.connect(amqpUrl);
    tool = new DeadLetterQueues(broker);

    const create = createCommand();
    orderId = create.orderId;
    const created = await client.command(ORDERS_COMMAND_QUEUE, OrderCommands.create, create, 10_000, randomUUID());
    expect(created).toMatchObject({ answered: true, result: { ok: true } });
    await refuseItems(true);
  });

  afterAll(async () => {
    await client?.close();
    await connection?.close();
    await broker?.close();
    await app?.close();
    await sql?.end();
    await db?.drop();
    await (deleteVhost(vhost) as Promise<void>).catch(() => {});
  });

  /** The "bug": items whose plu starts with POISON are refused with a check violation (SQLSTATE 23514). */
  async function refuseItems(on: boolean) {
    await sql.query(`DROP TRIGGER IF EXISTS refuse_poison ON orders.order_items`);
    if (!on) return;
    await sql.query(`
      CREATE OR REPLACE FUNCTION orders.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.plu LIKE 'POISON%' THEN
          RAISE EXCEPTION 'item % refused by check refuse_poison', NEW.plu USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await sql.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON orders.order_items FOR EACH ROW EXECUTE FUNCTION orders.refuse_poison()`,
    );
  }

  const addItems = (plu: string): AddItemsCommand => ({
    orderId,
    items: [{ plu, name: `Lemonade ${plu}`, quantity: 2, unitPrice: 3 }],
    caller: { role: 'staff', actor: 'staff:test' },
    correlationId: randomUUID(),
  });

  /** Answered with the error only once the dead-lettered copy is confirmed, so it is in the queue now. */
  async function deadLetter(command: AddItemsCommand | Record<string, unknown>) {
    await expect(client.command(ORDERS_COMMAND_QUEUE, OrderCommands.addItems, command, 10_000, randomUUID())).rejects.toThrow(
      /dead-lettered/,
    );
  }

  const depth = async (queue: string) => {
    const channel = await broker.createChannel();
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close();
    }
  };

  const item = async (plu: string) =>
    (
      await sql.query<{ quantity: number }>('SELECT quantity FROM orders.order_items WHERE order_id = $1 AND plu = $2', [
        orderId,
        plu,
      ])
    ).rows;

  const itemsAddedEvents = async (plu: string) =>
    (
      await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders.outbox
          WHERE order_id = $1 AND type = 'order.items_added' AND payload->'data'->'items'->0->>'plu' = $2`,
        [orderId, plu],
      )
    ).rows[0]!.n;

  const acked = () => ackedOn(ORDERS_COMMAND_QUEUE);

  it('lists a dead-lettered command with its type, order, failure class, reason, attempts and age', async () => {
    const sentFrom = Date.now();
    await deadLetter(addItems('POISON-1'));
    await deadLetter({ ...addItems('POISON-X'), orderId: 'not-a-uuid' });

    const listing = await tool.list(undefined, 100);

    expect(listing.missingQueues).toEqual(['analytics.events.dlq', 'webhooks.events.dlq', 'webhooks.admin.commands.dlq']);
    expect(listing.letters).toHaveLength(2);
    const [first, second] = listing.letters;
    expect(first).toMatchObject({
      queue: DLQ,
      type: OrderCommands.addItems,
      orderId,
      failureClass: 'permanent',
      attempts: 1,
      replays: 0,
    });
    expect(first!.reason).toContain('item POISON-1 refused by check refuse_poison');
    // Its age counts from when it was sent, which was during this test (the AMQP timestamp has whole seconds).
    expect(first!.ageSeconds).toEqual(expect.any(Number));
    expect(first!.ageSeconds).toBeLessThanOrEqual(Math.ceil((Date.now() - sentFrom) / 1000) + 1);
    expect(second).toMatchObject({ type: OrderCommands.addItems, orderId: 'not-a-uuid', failureClass: 'permanent' });
    expect(second!.reason).toMatch(/^invalid orders\.add-items: .*orderId/);
  });

  it('leaves every message where it was: listing twice shows the same messages in the same order', async () => {
    const before = await tool.list(DLQ, 100);
    const again = await tool.list('orders.commands', 100);

    expect(again.letters.map((l) => l.id)).toEqual(before.letters.map((l) => l.id));
    expect(await depth(DLQ)).toBe(2);
    // Reading past the limit takes nothing either, and says how many it did not show.
    expect(await tool.list(DLQ, 1)).toMatchObject({ letters: [{ id: before.letters[0]!.id }], notShown: 1 });
    expect(await depth(DLQ)).toBe(2);
  });

  it('replays a command once its cause is fixed: processed once, and gone from the dead-letter queue', async () => {
    const [poisoned, malformed] = (await tool.list(DLQ, 100)).letters;
    await refuseItems(false);
    const handled = await acked();

    const outcome = await tool.replay({ ids: [poisoned!.id.slice(0, 8)] }, undefined, 100);

    expect(outcome).toMatchObject({ replayed: [{ id: poisoned!.id, target: ORDERS_COMMAND_QUEUE }], notFound: [], failed: [] });
    await eventually(async () => (await acked()) > handled, 'the replayed command handled');
    expect(await item('POISON-1')).toEqual([{ quantity: 2 }]);
    expect(await itemsAddedEvents('POISON-1')).toBe(1);
    expect((await tool.list(DLQ, 100)).letters.map((l) => l.id)).toEqual([malformed!.id]);

    // The same id again: nothing left to replay, nothing applied again.
    const twice = await tool.replay({ ids: [poisoned!.id] }, undefined, 100);
    expect(twice).toMatchObject({ replayed: [], notFound: [poisoned!.id] });
    expect(await item('POISON-1')).toEqual([{ quantity: 2 }]);
  });

  it('applies a message once even when a crashed replay left its copy in the queue and the original in the dead-letter queue', async () => {
    await refuseItems(true);
    await deadLetter(addItems('POISON-2'));
    const letter = (await tool.list(DLQ, 100)).letters.find((l) => l.reason?.includes('POISON-2'))!;
    await refuseItems(false);

    const handled = await acked();
    // What a replay that died between the broker's confirm and its ack leaves behind.
    const channel = await broker.createConfirmChannel();
    const original = await channel.get(DLQ, { noAck: false });
    const messages: amqplib.GetMessage[] = [];
    for (let m = original; m; m = await channel.get(DLQ, { noAck: false })) messages.push(m);
    const target = messages.find((m) => m.content.toString().includes('POISON-2'))!;
    const copy = replayCopy(target, letter.id);
    channel.publish('', ORDERS_COMMAND_QUEUE, copy.body, copy.options);
    await channel.waitForConfirms();
    channel.nackAll(true);
    await channel.close();

    const outcome = await tool.replay({ ids: [letter.id] }, DLQ, 100);

    expect(outcome.replayed).toHaveLength(1);
    await eventually(async () => (await acked()) === handled + 2, 'both copies handled');
    expect(await item('POISON-2')).toEqual([{ quantity: 2 }]);
    expect(await itemsAddedEvents('POISON-2')).toBe(1);
    expect(await depth(DLQ)).toBe(1);
  });

  it('shows a goodwill refund’s own reason beside the failure’s', async () => {
    const refund = {
      orderId: 'not-a-uuid',
      amount: 2,
      reason: 'cold fries',
      caller: { role: 'internal', actor: 'internal:test' },
    };
    await expect(
      client.command(
        ORDERS_COMMAND_QUEUE,
        OrderCommands.requestRefund,
        { ...refund, correlationId: randomUUID() },
        10_000,
        randomUUID(),
      ),
    ).rejects.toThrow(/dead-lettered/);

    const listing = await tool.list(DLQ, 100);
    const letter = listing.letters.find((l) => l.type === OrderCommands.requestRefund);
    expect(letter).toMatchObject({ orderId: 'not-a-uuid', refundReason: 'cold fries', failureClass: 'permanent' });
    expect(listing.letters.filter((l) => l !== letter && l.refundReason !== null)).toEqual([]);
    const shown = renderListing(listing, [DLQ]);
    expect(shown).toMatch(/REFUND REASON/);
    expect(shown.split('\n').find((line) => line.includes(OrderCommands.requestRefund))).toContain('cold fries');
  });
});
