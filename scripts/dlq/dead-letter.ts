import type { GetMessage, MessageProperties, Options } from 'amqplib';
import { createHash } from 'node:crypto';
import { ATTEMPT_HEADER, FAILURE_CLASS_HEADER, FAILURE_REASON_HEADER, REPLAY_ID_HEADER, REPLAYS_HEADER } from '#messaging';

/** One message in a dead-letter queue, as an operator reads it. */
export interface DeadLetter {
  /** The dead-letter queue it sits in. */
  queue: string;
  /** Its message id: what `replay` takes. */
  id: string;
  /** The command pattern or event type. */
  type: string | null;
  orderId: string | null;
  /** `permanent` or `transient` as the consumer classified it; `broker` when RabbitMQ dead-lettered it. */
  failureClass: string | null;
  reason: string | null;
  /** A goodwill refund command's or a `refund.requested` event's own reason (why the money goes back). */
  refundReason: string | null;
  /** Deliveries that failed before it was dead-lettered. */
  attempts: number;
  /** Times it has been replayed already (and failed again). */
  replays: number;
  /** When it was first sent. */
  sentAt: string | null;
  ageSeconds: number | null;
}

interface Body {
  pattern?: unknown;
  type?: unknown;
  id?: unknown;
  subject?: unknown;
  time?: unknown;
  data?: { orderId?: unknown; reason?: unknown } | null;
}

/** The command and the event that carry a refund's reason in `data.reason`. */
const REFUND_TYPES = ['orders.request-refund', 'refund.requested'];

/** Headers the broker or a failed delivery adds; a replayed copy starts without them, with fresh retries. */
const FAILURE_HEADERS = [ATTEMPT_HEADER, FAILURE_CLASS_HEADER, FAILURE_REASON_HEADER, 'x-death'];
const BROKER_DEATH_HEADER = /^x-(first|last)-death-/;

export function describe(queue: string, message: GetMessage, now = new Date()): DeadLetter {
  const body = parseBody(message.content);
  const headers = message.properties.headers ?? {};
  const death = firstDeath(headers['x-death']);
  const sent = sentAt(message.properties, body);
  const type = text(body?.pattern) ?? text(body?.type) ?? text(message.properties.type);
  return {
    queue,
    id: messageIdOf(message, body),
    type,
    orderId: text(body?.data?.orderId) ?? (body?.pattern === undefined ? text(body?.subject) : null),
    failureClass: text(headers[FAILURE_CLASS_HEADER]) ?? (death ? 'broker' : null),
    reason: text(headers[FAILURE_REASON_HEADER]) ?? (death ? `${death.reason} in ${death.queue}` : null),
    refundReason: type && REFUND_TYPES.includes(type) ? text(body?.data?.reason) : null,
    attempts: Number(headers[ATTEMPT_HEADER] ?? death?.count ?? 0) || 0,
    replays: Number(headers[REPLAYS_HEADER] ?? 0) || 0,
    sentAt: sent?.toISOString() ?? null,
    ageSeconds: sent ? Math.max(0, Math.round((now.getTime() - sent.getTime()) / 1000)) : null,
  };
}

/**
 * The copy that goes back to the work queue: the same body and properties, persistent, without the
 * failure headers (so it gets its retries again), marked with the id it replays. `userId` is left
 * out: the broker refuses one that is not the publishing user's own.
 */
export function replayCopy(message: GetMessage, id: string): { body: Buffer; options: Options.Publish } {
  const { headers = {}, userId: _userId, deliveryMode: _mode, ...properties } = message.properties;
  const kept = Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).filter(
      ([name]) => !FAILURE_HEADERS.includes(name) && !BROKER_DEATH_HEADER.test(name),
    ),
  );
  return {
    body: message.content,
    options: {
      ...properties,
      persistent: true,
      headers: {
        ...kept,
        [REPLAY_ID_HEADER]: text(kept[REPLAY_ID_HEADER]) ?? id,
        [REPLAYS_HEADER]: describeReplays(headers) + 1,
      },
    },
  };
}

const describeReplays = (headers: Record<string, unknown>) => Number(headers[REPLAYS_HEADER] ?? 0) || 0;

/** The publisher's message id; else the id inside the body; else a digest of the body, stable across reads. */
function messageIdOf(message: GetMessage, body: Body | null): string {
  return (
    text(message.properties.messageId) ??
    text(body?.id) ??
    `sha256:${createHash('sha256').update(message.content).digest('hex').slice(0, 32)}`
  );
}

function parseBody(content: Buffer): Body | null {
  try {
    const body: unknown = JSON.parse(content.toString('utf8'));
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : null;
  } catch {
    return null;
  }
}

function sentAt(properties: MessageProperties, body: Body | null): Date | null {
  const stamp: unknown = properties.timestamp;
  if (typeof stamp === 'number' && stamp > 0) return new Date(stamp * 1000);
  const time = text(body?.time);
  const parsed = time ? new Date(time) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : null;
}

function firstDeath(value: unknown): { reason: string; queue: string; count: number } | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const death = value[0] as { reason?: unknown; queue?: unknown; count?: unknown };
  return { reason: text(death.reason) ?? 'dead-lettered', queue: text(death.queue) ?? '?', count: Number(death.count) || 0 };
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value || null;
  if (Buffer.isBuffer(value)) return value.toString('utf8') || null;
  return null;
}
