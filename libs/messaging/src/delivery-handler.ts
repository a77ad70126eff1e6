import { Logger } from '@nestjs/common';
import { RmqContext, RpcException } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { EMPTY, type Observable, throwError } from 'rxjs';
import { messageHandlingDuration, messagesHandled } from '#observability';
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

  /**
   * `queue` names the work queue the message was consumed from. It defaults to the routing key,
   * which is the queue's name for messages sent straight to it; events routed through an
   * exchange by their type must name their queue.
   */
  async run<T>(ctx: RmqContext, work: () => Promise<T>, queue?: string): Promise<T | Observable<never>> {
    const channel = ctx.getChannelRef() as Channel;
    const message = ctx.getMessage() as ConsumeMessage;
    const name = queue ?? message.fields.routingKey;
    const end = messageHandlingDuration.startTimer({ queue: name });
    let result: T;
    try {
      result = await work();
    } catch (error) {
      return this.fail(channel, message, error, name).finally(() => end());
    }
    channel.ack(message);
    const seconds = end();
    messagesHandled.inc({ queue: name, outcome: 'acked' });
    this.logger.log({
      msg: 'message handled',
      queue: name,
      pattern: ctx.getPattern(),
      outcome: 'acked',
      durationMs: Math.round(seconds * 1000),
      correlationId: correlationOf(message),
    });
    return result;
  }

  private async fail(channel: Channel, message: ConsumeMessage, error: unknown, queueName: string): Promise<Observable<never>> {
    const queue = this.queues.get(queueName);
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0);
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = queue !== undefined && attempt < queue.retryDelaysMs.length && !isPermanent(error);
    const target = retryable ? retryQueueOf(queue.name, attempt + 1) : deadLetterQueueOf(queueName);
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
    messagesHandled.inc({ queue: queueName, outcome: retryable ? 'retried' : 'dead_lettered' });
    if (retryable) {
      this.logger.warn({
        msg: 'message retried',
        queue: queueName,
        attempt: attempt + 1,
        reason,
        target,
        correlationId: correlationOf(message),
      });
      // No reply yet: a caller still waiting gets the answer of the retry.
      return EMPTY;
    }
    this.logger.error({
      msg: 'message dead-lettered',
      queue: queueName,
      attempts: attempt + 1,
      reason,
      correlationId: correlationOf(message),
    });
    return throwError(() => new RpcException(`request failed and was dead-lettered: ${reason}`));
  }
}

const correlationOf = (message: ConsumeMessage): string | undefined =>
  message.properties.headers?.['x-correlation-id'] as string | undefined;

/** An error that retrying cannot fix, such as a malformed message: dead-letter it at once. */
export class PermanentMessageError extends Error {}
const isPermanent = (error: unknown) => error instanceof PermanentMessageError;
