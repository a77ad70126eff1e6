import { Logger } from '@nestjs/common';
import { RmqContext, RpcException } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { EMPTY, type Observable, throwError } from 'rxjs';
import type { ConfirmPublisher } from './confirm-publisher.js';
import { deadLetterQueueOf, retryQueueOf, type WorkQueue } from './topology.js';

export const ATTEMPT_HEADER = 'x-attempt';

/**
 * Settles every consumed message exactly once, after the work is done: the NestJS RMQ server
 * neither acks nor nacks a handler that throws. A failure is retried with backoff through the
 * queue's retry queues and ends in its dead-letter queue; the original is acked only once its
 * copy is confirmed, so a crash in between duplicates a message but never loses it.
 */
export class DeliveryHandler {
  private readonly logger = new Logger(DeliveryHandler.name);
  private readonly queues: Map<string, WorkQueue>;

  constructor(
    private readonly publisher: ConfirmPublisher,
    queues: WorkQueue[],
  ) {
    this.queues = new Map(queues.map((q) => [q.name, q]));
  }

  async run<T>(ctx: RmqContext, work: () => Promise<T>): Promise<T | Observable<never>> {
    const channel = ctx.getChannelRef() as Channel;
    const message = ctx.getMessage() as ConsumeMessage;
    let result: T;
    try {
      result = await work();
    } catch (error) {
      return this.fail(channel, message, error);
    }
    channel.ack(message);
    return result;
  }

  private async fail(channel: Channel, message: ConsumeMessage, error: unknown): Promise<Observable<never>> {
    const queue = this.queues.get(message.fields.routingKey);
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0);
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = queue !== undefined && attempt < queue.retryDelaysMs.length && !isPermanent(error);
    const target = retryable ? retryQueueOf(queue.name, attempt + 1) : deadLetterQueueOf(queue?.name ?? message.fields.routingKey);
    try {
      await this.publisher.publish({
        exchange: '',
        routingKey: target,
        body: message.content,
        options: {
          ...message.properties,
          persistent: true,
          headers: { ...message.properties.headers, [ATTEMPT_HEADER]: attempt + 1, 'x-last-error': reason.slice(0, 500) },
        },
      });
    } catch (publishError) {
      this.logger.error(`could not move a failed message to ${target}; returning it to its queue`, publishError as Error);
      channel.nack(message, false, true);
      return EMPTY;
    }
    channel.ack(message);
    if (retryable) {
      this.logger.warn(`${message.fields.routingKey}: attempt ${attempt + 1} failed (${reason}); retrying via ${target}`);
      // No reply yet: a caller still waiting gets the answer of the retry.
      return EMPTY;
    }
    this.logger.error(`${message.fields.routingKey}: giving up after ${attempt + 1} attempts (${reason}); dead-lettered`);
    return throwError(() => new RpcException(`request failed and was dead-lettered: ${reason}`));
  }
}

/** An error that retrying cannot fix, such as a malformed message: dead-letter it at once. */
export class PermanentMessageError extends Error {}
const isPermanent = (error: unknown) => error instanceof PermanentMessageError;
