import amqplib from 'amqplib';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { WEBHOOKS_ADMIN_COMMAND_QUEUE, WebhookRequests } from '#contracts';
import { type OwnStack, startStackOfItsOwn } from '../support/own-stack.js';
import { TEST_KEYS } from '../support/stack.js';
import { eventually } from '#test-support/wait.js';
import { Receiver } from '../webhooks/support/receiver.js';
import { loopbackWebhooks } from '#test-support/loopback-webhooks.js';

const rabbitmqctl = (...args: string[]) => promisify(execFile)('rabbitmqctl', ['-q', ...args]);

/**
 * CONTRACT section 3 for the webhook admin writes: one whose outcome does not come back within
 * INTAKE_WAIT_MS is a 202 with Location, applied once later, and a retry with its key answers its
 * outcome (a create's secret included); a 503 means nothing was queued. On a database and vhost of
 * its own: it stops this stack's analytics service and has the broker refuse this vhost's admin writes.
 */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let stack: OwnStack;
let receiver: Receiver;
const api = () => request(stack.gatewayUrl);
const as = (role: keyof typeof TEST_KEYS) => ({ Authorization: `Bearer ${TEST_KEYS[role]}` });
const subscriptionsOf = async (brand: string) =>
  ((await api().get('/v1/webhooks').set(as('admin')).expect(200)).body.items as { id: string; brandIds: string[] }[]).filter(
    (s) => s.brandIds.includes(brand),
  );

beforeAll(async () => {
  stack = await startStackOfItsOwn('webhook_writes', {
    INTAKE_WAIT_MS: '1500',
    ...loopbackWebhooks(),
    WEBHOOK_POLL_MS: '50',
  });
  receiver = await Receiver.start();
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

describe('webhook admin writes', () => {
  it('answer 202 with Location when queued past INTAKE_WAIT_MS, are applied once, and a retry with the key gets the outcome', async () => {
    const brand = `late-${RUN}`;
    const body = { url: receiver.url, types: ['order.created'], brandIds: [brand] };
    const existing = (
      await api()
        .post('/v1/webhooks')
        .set(as('admin'))
        .send({ ...body, brandIds: [`other-${RUN}`] })
        .expect(201)
    ).body as { id: string };
    const create = () => api().post('/v1/webhooks').set(as('admin')).set('Idempotency-Key', `create-${RUN}`).send(body);
    const annotate = () =>
      api()
        .patch(`/v1/webhooks/${existing.id}`)
        .set(as('admin'))
        .set('Idempotency-Key', `patch-${RUN}`)
        .send({ description: 'late' });

    await stack.stopAnalytics();
    let queued: request.Response;
    try {
      queued = await create();
      expect(queued.status).toBe(202);
      expect(queued.headers.location).toBe(`/v1/webhooks/${queued.body.id}`);
      expect(queued.body).not.toHaveProperty('secret');
      expect(queued.body.detail).toMatch(/Idempotency-Key/);
      // A retry still queued names the same subscription.
      const again = await create();
      expect(again.status).toBe(202);
      expect(again.headers.location).toBe(queued.headers.location);
      const patched = await annotate();
      expect(patched.status).toBe(202);
      expect(patched.headers.location).toBe(`/v1/webhooks/${existing.id}`);
      expect(patched.body).toMatchObject({ id: existing.id });
    } finally {
      await stack.startAnalytics();
    }

    await eventually(
      async () => (await api().get(`/v1/webhooks/${existing.id}`).set(as('admin'))).body.description === 'late',
      'the queued change applied',
      20_000,
      50,
    );
    const created = await create().expect(201);
    expect(created.headers.location).toBe(queued.headers.location);
    expect(created.body).toMatchObject({ id: queued.body.id, status: 'ENABLED', brandIds: [brand] });
    expect(created.body.secret).toMatch(/^whsec_/);
    expect((await create().expect(201)).body).toEqual(created.body);
    expect(await subscriptionsOf(brand)).toEqual([expect.objectContaining({ id: created.body.id })]);
    expect((await annotate().expect(200)).body).toMatchObject({ id: existing.id, description: 'late' });

    // The secret of the retried answer is the one the deliveries are signed with.
    const order = await api()
      .post('/v1/orders')
      .set(as('channel'))
      .send({
        channelOrderId: `late-${RUN}`,
        brandId: brand,
        customer: { name: 'Ada' },
        items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 9 }],
      })
      .expect(201);
    const delivered = await eventually(
      () => receiver.received.find((r) => (JSON.parse(r.body) as { subject: string }).subject === order.body.id) ?? false,
      'the delivery of the order',
    );
    expect(new Webhook(created.body.secret as string).verify(delivered.body, delivered.headers)).toMatchObject({
      type: 'order.created',
    });
  });

  it('answer a queued rotation, replay and deletion 202 as well; a retry with the key gets the new secret, the count, the 204', async () => {
    const brand = `more-${RUN}`;
    const subscribe = async () =>
      (
        await api()
          .post('/v1/webhooks')
          .set(as('admin'))
          .send({ url: receiver.url, types: ['order.created'], brandIds: [brand] })
          .expect(201)
      ).body as { id: string; secret: string };
    const [sub, doomed] = [await subscribe(), await subscribe()];
    const keyed = (req: request.Test, key: string) => req.set(as('admin')).set('Idempotency-Key', `${key}-${RUN}`);
    const rotate = () => keyed(api().post(`/v1/webhooks/${sub.id}/rotate-secret`), 'rotate').send();
    const range = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const replay = () => keyed(api().post(`/v1/webhooks/${sub.id}/replay`), 'replay').send(range);
    const remove = () => keyed(api().delete(`/v1/webhooks/${doomed.id}`), 'delete');

    await stack.stopAnalytics();
    try {
      const writes = [
        [rotate, sub.id, `/v1/webhooks/${sub.id}`],
        [replay, sub.id, `/v1/webhooks/${sub.id}/deliveries`],
        [remove, doomed.id, `/v1/webhooks/${doomed.id}`],
      ] as const;
      for (const [write, id, location] of writes) {
        const res = await write();
        expect(res.status).toBe(202);
        expect(res.headers.location).toBe(location);
        expect(res.body).toEqual({ id, detail: expect.stringMatching(/queued/) });
      }
    } finally {
      await stack.startAnalytics();
    }

    const rotated = await eventually(async () => {
      const res = await rotate();
      return res.status === 200 && (res.body as { secret: string });
    }, 'the rotation answered');
    expect(rotated).toMatchObject({ id: sub.id, secret: expect.stringMatching(/^whsec_/) });
    expect(rotated.secret).not.toBe(sub.secret);
    expect((await rotate().expect(200)).body).toEqual(rotated);
    const replayed = await eventually(async () => {
      const res = await replay().expect(202);
      return 'deliveries' in res.body && res.body;
    }, 'the replay answered');
    expect(replayed).toEqual({ deliveries: 0 });
    await eventually(async () => (await remove()).status === 204, 'the deletion answered');
    await api().get(`/v1/webhooks/${doomed.id}`).set(as('admin')).expect(404);
    expect(await subscriptionsOf(brand)).toEqual([expect.objectContaining({ id: sub.id })]);
  });

  it('answer 503 and apply nothing when the broker refuses the command', async () => {
    const brand = `refused-${RUN}`;
    const policy = `refuse-${RUN}`;
    const create = (description: string, key?: string) =>
      api()
        .post('/v1/webhooks')
        .set(as('admin'))
        .set(key ? { 'Idempotency-Key': key } : {})
        .send({ url: receiver.url, types: ['order.created'], brandIds: [brand], description });
    await rabbitmqctl(
      'set_policy',
      '-p',
      stack.vhost,
      '--apply-to',
      'queues',
      policy,
      `^${WEBHOOKS_ADMIN_COMMAND_QUEUE.replaceAll('.', '\\.')}$`,
      '{"max-length":0,"overflow":"reject-publish"}',
    );
    try {
      await eventually(
        async () => (await rabbitmqctl('list_queues', '-p', stack.vhost, 'name', 'policy')).stdout.includes(policy),
        'the policy on the queue',
      );
      const refused = await create('refused');
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toMatch(/broker did not accept/);
    } finally {
      await rabbitmqctl('clear_policy', '-p', stack.vhost, policy);
    }
    // Keyed: the attempts made while the policy is still going from the queue make one subscription.
    await eventually(async () => (await create('accepted', `accepted-${RUN}`)).status === 201, 'a create accepted again');
    expect(await subscriptionsOf(brand)).toEqual([expect.objectContaining({ description: 'accepted' })]);
  });

  it('make one subscription of a create delivered twice without a key, and answer both with it and its secret', async () => {
    const brand = `again-${RUN}`;
    const connection = await amqplib.connect(stack.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const { queue: replyTo } = await channel.assertQueue('', { exclusive: true });
      const replies = new Map<string, unknown>();
      await channel.consume(
        replyTo,
        (msg) => msg && replies.set(msg.properties.correlationId as string, JSON.parse(msg.content.toString())),
        {
          noAck: true,
        },
      );
      // What the gateway sends, as a redelivery would bring it again: the same minted id.
      const id = randomUUID();
      const send = (data: object) => {
        const messageId = randomUUID();
        channel.sendToQueue(
          WEBHOOKS_ADMIN_COMMAND_QUEUE,
          Buffer.from(
            JSON.stringify({ pattern: WebhookRequests.create, data: { id, types: ['order.created'], ...data }, id: messageId }),
          ),
          { persistent: true, correlationId: messageId, replyTo },
        );
        return eventually(() => replies.get(messageId) ?? false, 'the answer') as Promise<{ response: unknown }>;
      };
      const request = { url: receiver.url, brandIds: [brand] };
      const first = await send(request);
      const second = await send(request);
      expect(first.response).toMatchObject({ ok: { id, brandIds: [brand], secret: expect.stringMatching(/^whsec_/) } });
      expect(second.response).toEqual(first.response);
      expect(await subscriptionsOf(brand)).toHaveLength(1);
      // The id taken by another request is refused, never a second subscription nor the first one's secret.
      const other = await send({ url: receiver.url, brandIds: [`${brand}-b`] });
      expect(other.response).toEqual({ error: 'conflict', detail: expect.stringContaining(id) });
      expect(await subscriptionsOf(`${brand}-b`)).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});
