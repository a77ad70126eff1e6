import amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ANALYTICS_EVENTS_QUEUE, type CloudEvent } from '#contracts';
import { replayCopy } from '../../scripts/dlq/dead-letter.js';
import { DeadLetterQueues } from '../../scripts/dlq/dead-letter-queues.js';
import { analyticsHarness, type AnalyticsHarness } from './support/analytics-harness.js';
import { eventsOf } from './support/event-script.js';
import { prng, timelineOf } from './support/expected-figures.js';
import { ackedOn, eventually } from '#test-support/wait.js';

const DLQ = 'analytics.events.dlq';

/**
 * The dead-letter tool on the analytics queue relies on the service's inbox (unique event id):
 * a replayed event counts once, however many copies of it arrive.
 */
describe('npm run dlq on analytics.events', () => {
  let h: AnalyticsHarness;
  let broker: amqplib.ChannelModel;
  let tool: DeadLetterQueues;

  beforeAll(async () => {
    h = await analyticsHarness('dlq_analytics');
    const url = new URL(process.env.AMQP_URL!);
    url.pathname = `/${process.env.OMS_TEST_RUN ?? 'oms_test_dlq_analytics'}_dlq_analytics`;
    broker = await amqplib.connect(url.toString());
    tool = new DeadLetterQueues(broker);
  }, 60_000);
  afterAll(async () => {
    await broker?.close();
    await h?.close();
  }, 60_000);

  const depth = async (queue: string) => (await h.channel.checkQueue(queue)).messageCount;
  const acked = () => ackedOn(ANALYTICS_EVENTS_QUEUE);

  it('lists refused events with their reasons, and a replayed event counts once even with a duplicate copy', async () => {
    const orderId = randomUUID();
    const [created] = eventsOf(orderId, timelineOf(0, Date.now() - 3_600_000, 3_600_000, prng(7)));
    // The "bug": the event store refuses this order's events with a check violation.
    await h.sql.query(`
      CREATE FUNCTION analytics.refuse_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.order_id = '${orderId}' THEN RAISE EXCEPTION 'order refused by check refuse_order' USING ERRCODE = 'check_violation'; END IF;
        RETURN NEW;
      END $$`);
    await h.sql.query(
      `CREATE TRIGGER refuse_order BEFORE INSERT ON analytics.order_events FOR EACH ROW EXECUTE FUNCTION analytics.refuse_order()`,
    );
    const malformed = { id: `bad-${randomUUID()}`, type: 'order.created', time: new Date().toISOString() } as CloudEvent;
    await h.publish([malformed, created!]);
    await eventually(async () => (await depth(DLQ)) === 2, 'both events dead-lettered');

    const { letters } = await tool.list(DLQ, 100);
    const refused = letters.find((l) => l.id === created!.id);
    expect(refused).toMatchObject({ type: 'order.created', orderId, failureClass: 'permanent', attempts: 1 });
    expect(refused!.reason).toContain('order refused by check refuse_order');
    expect(letters.find((l) => l.id === malformed.id)).toMatchObject({ failureClass: 'permanent' });
    expect(letters.find((l) => l.id === malformed.id)!.reason).toMatch(/^invalid order.created: subject/);

    await h.sql.query('DROP TRIGGER refuse_order ON analytics.order_events');
    const handled = await acked();
    // What a replay that died between the broker's confirm and its ack leaves behind: a copy in the queue, the original kept.
    const channel = await broker.createConfirmChannel();
    const taken: amqplib.GetMessage[] = [];
    for (let m = await channel.get(DLQ, { noAck: false }); m; m = await channel.get(DLQ, { noAck: false })) taken.push(m);
    const copy = replayCopy(
      taken.find((m) => m.properties.messageId === created!.id)!,
      created!.id,
    );
    channel.publish('', ANALYTICS_EVENTS_QUEUE, copy.body, copy.options);
    await channel.waitForConfirms();
    channel.nackAll(true);
    await channel.close();

    const outcome = await tool.replay({ ids: [created!.id] }, undefined, 100);

    expect(outcome).toMatchObject({ replayed: [{ id: created!.id, target: ANALYTICS_EVENTS_QUEUE }], failed: [] });
    await eventually(async () => (await acked()) === handled + 2, 'both copies handled');
    const stored = await h.sql.query('SELECT count(*)::int AS n FROM analytics.order_events WHERE event_id = $1', [created!.id]);
    expect(stored.rows).toEqual([{ n: 1 }]);
    const state = await h.sql.query('SELECT applied_sequence FROM analytics.order_state WHERE order_id = $1', [orderId]);
    expect(state.rows).toEqual([{ applied_sequence: 1 }]);
    expect((await tool.list(DLQ, 100)).letters.map((l) => l.id)).toEqual([malformed.id]);
  });
});
