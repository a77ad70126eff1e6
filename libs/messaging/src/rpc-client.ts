import { Logger } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { inProducerSpan } from '#observability';
import type { AmqpConnection } from './amqp-connection.js';
import { ConfirmPublisher } from './confirm-publisher.js';
import { REPLY_BATCHES_HEADER, repliesIn } from './reply-batches.js';

export type RpcOutcome<T> = { answered: true; result: T } | { answered: false };

export class RpcTimeoutError extends Error {}
export class RpcRemoteError extends Error {}

/**
 * The reply queue outlives a lost connection by this much: long enough for the reconnect (1 s) to
 * find the replies sent meanwhile, short enough that a process that died leaves nothing behind.
 */
const REPLY_QUEUE_EXPIRES_MS = 60_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Request/response over RabbitMQ in the wire format of the NestJS RMQ transport
 * (`{ pattern, data, id }`, answered on `replyTo` with the same `correlationId`), so the
 * serving side is a plain `@MessagePattern` handler. Unlike `ClientProxy.send`, it tells
 * "the broker has the request" (publisher confirm) apart from "the request was answered",
 * which is what lets an intake answer 202 only for an order that is durably queued. Its requests
 * ask for batched replies (./reply-batches.ts), which `RmqServer` sends and a plain server ignores.
 */
export class RpcClient {
  private readonly logger = new Logger(RpcClient.name);
  private readonly publisher: ConfirmPublisher;
  private readonly replies: ChannelWrapper;
  /** One reply queue per client for its lifetime, declared again after every reconnect. */
  private readonly replyQueue: string;
  private declared = false;
  private readonly pending = new Map<string, Pending>();

  constructor(connection: AmqpConnection, name: string, setup: Parameters<AmqpConnection['channel']>[1]) {
    this.publisher = new ConfirmPublisher(connection, `${name}.requests`, setup);
    this.replyQueue = `${name}.replies.${randomUUID()}`;
    this.replies = connection.channel(`${name}.replies`, async (channel) => {
      // Neither exclusive nor auto-deleted, so it survives this client's connection loss: answers
      // sent while it reconnects wait there for the callers still waiting on them. It expires once
      // nobody has consumed it for a minute (the process is gone), and is never durable: a reply
      // matters only while its caller waits.
      await channel.assertQueue(this.replyQueue, {
        exclusive: false,
        autoDelete: false,
        durable: false,
        arguments: { 'x-expires': REPLY_QUEUE_EXPIRES_MS },
      });
      // Acked once read, so a reply in flight when the connection drops is delivered again.
      await channel.consume(this.replyQueue, (msg) => {
        if (!msg) return;
        this.onReply(msg);
        try {
          channel.ack(msg);
        } catch {
          // The channel closed under the reply: it is delivered again after the reconnect, and read once.
        }
      });
      this.declared = true;
    });
  }

  async ready(): Promise<void> {
    await Promise.all([this.publisher.waitForConnect(), this.replies.waitForConnect()]);
  }

  /**
   * Publishes durably and waits up to `waitMs` (counted from the call) for the answer. A command once
   * handed to the channel is never given up: the broker may hold it already when the connection goes
   * before its confirm, so it is sent again (same id) until confirmed, and a failure could not be told
   * from a success. Past the wait it is "not answered" (the caller's 202), never an error (a 503 says
   * nothing was queued); only the broker's refusal of it (a nack) is an error.
   */
  async command<T>(queue: string, pattern: string, data: unknown, waitMs: number, correlationId: string) {
    const started = Date.now();
    const { id, answer } = this.expectAnswer<T>();
    const published = this.publishUntilConfirmed(queue, pattern, data, id, correlationId);
    published.catch((error: Error) => this.logger.warn(`command ${id} (${pattern}) refused by the broker: ${error.message}`));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    try {
      const confirmed = await Promise.race([published.then(() => true), waited]);
      if (!confirmed) {
        this.pending.delete(id);
        return { answered: false } as RpcOutcome<T>;
      }
    } catch (error) {
      this.pending.delete(id);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const left = Math.max(0, waitMs - (Date.now() - started));
    return this.within(
      answer,
      left,
      id,
      () => ({ answered: false }) as RpcOutcome<T>,
      (result) => ({
        answered: true,
        result,
      }),
    );
  }

  private publishUntilConfirmed(queue: string, pattern: string, data: unknown, id: string, correlationId: string) {
    return this.publish(queue, pattern, data, id, correlationId, { persistent: true }, 0);
  }

  /** A read: transient, and dropped by the broker if not consumed before the caller gives up. */
  async query<T>(queue: string, pattern: string, data: unknown, timeoutMs: number, correlationId: string): Promise<T> {
    const { id, answer } = this.expectAnswer<T>();
    try {
      await this.publish(queue, pattern, data, id, correlationId, {
        persistent: false,
        expiration: String(timeoutMs),
      });
    } catch (error) {
      this.pending.delete(id);
      throw error;
    }
    return this.within(
      answer,
      timeoutMs,
      id,
      () => {
        throw new RpcTimeoutError(`no answer to ${pattern} within ${timeoutMs} ms`);
      },
      (result) => result,
    );
  }

  private expectAnswer<T>() {
    const id = randomUUID();
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    return { id, answer };
  }

  private async publish(
    queue: string,
    pattern: string,
    data: unknown,
    id: string,
    correlationId: string,
    options: { persistent: boolean; expiration?: string },
    timeoutMs?: number,
  ) {
    if (!this.declared) await this.replies.waitForConnect();
    const headers: Record<string, unknown> = { 'x-correlation-id': correlationId, [REPLY_BATCHES_HEADER]: true };
    const span = () => ({
      name: `send ${pattern}`,
      attributes: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': queue, 'messaging.message.id': id },
    });
    await inProducerSpan(span, headers, () =>
      this.publisher.publish(
        {
          exchange: '',
          routingKey: queue,
          body: Buffer.from(JSON.stringify({ pattern, data, id })),
          options: {
            ...options,
            replyTo: this.replyQueue,
            correlationId: id,
            messageId: id,
            contentType: 'application/json',
            timestamp: Math.floor(Date.now() / 1000),
            headers,
          },
        },
        timeoutMs,
      ),
    );
  }

  private async within<T, R>(answer: Promise<T>, ms: number, id: string, onTimeout: () => R, onAnswer: (t: T) => R) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = Symbol('timeout');
    const timeout = new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), ms)));
    try {
      const winner = await Promise.race([answer, timeout]);
      return winner === timedOut ? onTimeout() : onAnswer(winner as T);
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  private onReply(msg: ConsumeMessage): void {
    let replies: ReturnType<typeof repliesIn>;
    try {
      replies = repliesIn(msg);
    } catch {
      this.logger.warn(`unparsable reply ${msg.properties.correlationId ?? ''}`);
      return;
    }
    for (const { correlationId, packet } of replies) this.answer(this.pending.get(correlationId), packet);
  }

  private answer(waiting: Pending | undefined, packet: { response?: unknown; err?: unknown }): void {
    if (!waiting) return;
    // A bare `{ isDisposed: true }` means the handler deferred the request to a retry: keep waiting.
    if (packet.err !== undefined && packet.err !== null) {
      waiting.reject(new RpcRemoteError(typeof packet.err === 'string' ? packet.err : JSON.stringify(packet.err)));
    } else if ('response' in packet) {
      waiting.resolve(packet.response);
    }
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) p.reject(new Error('RPC client closed'));
    this.pending.clear();
    await Promise.all([this.publisher.close(), this.replies.close()]);
  }
}
