import type { GetMessage, MessageProperties } from 'amqplib';
import { describe as describeLetter, replayCopy } from '../../scripts/dlq/dead-letter.js';
import { age } from '../../scripts/dlq/render.js';

const NOW = new Date('2026-03-01T12:00:00Z');

/** Headers as they come off the wire: `x-death` entries hold only what the broker wrote. */
function message(
  content: string | Buffer,
  properties: Omit<Partial<MessageProperties>, 'headers'> & { headers?: Record<string, unknown> } = {},
): GetMessage {
  return {
    content: Buffer.isBuffer(content) ? content : Buffer.from(content),
    fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'q.dlq', messageCount: 0 },
    properties: { headers: {}, ...properties } as MessageProperties,
  } as GetMessage;
}

describe('a dead-lettered message as the operator reads it', () => {
  it('reads a command: pattern, order, failure headers and age since it was sent', () => {
    const m = message(JSON.stringify({ pattern: 'orders.add-items', data: { orderId: 'o-1' }, id: 'req-1' }), {
      messageId: 'req-1',
      timestamp: NOW.getTime() / 1000 - 754,
      headers: { 'x-attempt': 4, 'x-failure-class': 'transient', 'x-failure-reason': 'deadlock detected' },
    });
    expect(describeLetter('orders.commands.dlq', m, NOW)).toEqual({
      queue: 'orders.commands.dlq',
      id: 'req-1',
      type: 'orders.add-items',
      orderId: 'o-1',
      failureClass: 'transient',
      reason: 'deadlock detected',
      refundReason: null,
      attempts: 4,
      replays: 0,
      sentAt: '2026-03-01T11:47:26.000Z',
      ageSeconds: 754,
    });
  });

  it('reads a refund.requested event’s own reason', () => {
    const data = { refundId: 'r-1', orderId: 'o-3', paymentReference: 'p-1', amount: 2, reason: 'order_changed' };
    const event = { id: 'e-3', type: 'refund.requested', subject: 'o-3', time: '2026-03-01T11:59:00Z', data };
    expect(describeLetter('analytics.events.dlq', message(JSON.stringify(event)), NOW)).toMatchObject({
      type: 'refund.requested',
      orderId: 'o-3',
      refundReason: 'order_changed',
    });
  });

  it('reads an event: its type, its subject as the order, its time when there is no timestamp', () => {
    const event = { id: 'e-1', type: 'order.created', subject: 'o-2', time: '2026-03-01T11:59:00Z', data: {} };
    expect(describeLetter('analytics.events.dlq', message(JSON.stringify(event)), NOW)).toMatchObject({
      id: 'e-1',
      type: 'order.created',
      orderId: 'o-2',
      ageSeconds: 60,
    });
  });

  it('names what the broker dead-lettered itself, and gives a body that is not JSON a stable id', () => {
    const m = message(Buffer.from([0xff, 0x00, 0x01]), {
      headers: { 'x-death': [{ reason: 'rejected', queue: 'orders.commands', count: 2 }] },
    });
    const letter = describeLetter('orders.commands.dlq', m, NOW);
    expect(letter).toMatchObject({
      type: null,
      orderId: null,
      failureClass: 'broker',
      reason: 'rejected in orders.commands',
      attempts: 2,
      sentAt: null,
      ageSeconds: null,
    });
    expect(letter.id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(describeLetter('orders.commands.dlq', m, NOW).id).toBe(letter.id);
  });

  it('shows ages a person can read at a glance', () => {
    expect([age(42), age(754), age(3 * 3600 + 120), age(3 * 86_400 + 5 * 3600)]).toEqual(['42s', '12m', '3h02m', '3d05h']);
  });
});

describe('the copy a replay sends back', () => {
  const original = message('{"pattern":"orders.add-items"}', {
    messageId: 'req-1',
    correlationId: 'req-1',
    replyTo: 'amq.gen-1',
    userId: 'someone-else',
    deliveryMode: 1,
    headers: {
      'x-correlation-id': 'c-1',
      'x-attempt': 4,
      'x-failure-class': 'transient',
      'x-failure-reason': 'timeout',
      'x-death': [{ reason: 'rejected' }],
      'x-first-death-queue': 'orders.commands',
      'x-replays': 1,
      'x-replay-id': 'req-1',
    },
  });

  it('keeps the body and properties, drops the failure headers for fresh retries, and marks the replay', () => {
    const copy = replayCopy(original, 'req-1');
    expect(copy.body).toBe(original.content);
    expect(copy.options).toMatchObject({ messageId: 'req-1', correlationId: 'req-1', replyTo: 'amq.gen-1', persistent: true });
    expect(copy.options).not.toHaveProperty('userId');
    expect(copy.options).not.toHaveProperty('deliveryMode');
    expect(copy.options.headers).toEqual({ 'x-correlation-id': 'c-1', 'x-replay-id': 'req-1', 'x-replays': 2 });
  });

  it('keeps the first replay id, so every copy of one message replays under the same id', () => {
    expect(replayCopy(original, 'other').options.headers?.['x-replay-id']).toBe('req-1');
  });
});
