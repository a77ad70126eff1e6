import { Logger } from '@nestjs/common';
import { RmqContext, RpcException } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { EMPTY, type Observable, throwError } from 'rxjs';
import { messageHandlingDuration, messagesHandled } from '#observability';
import type { ConfirmPublisher } from './confirm-publisher.js';
import { type FailureClass, failureClassOf, PermanentMessageError } from './failure-class.js';
import type { PayloadValidator } from './payload-validation.js';
import { deadLetterQueueOf, retryQueueOf, type WorkQueue } from './topology.js';

export const ATTEMPT_HEADER = 'x-attempt';
/** On a dead-lettered or retried message: why it failed, and whether retrying could ever help. */
export const FAILURE_REASON_HEADER = 'x-failure-reason';
export const FAILURE_CLASS_HEADER = 'x-failure-class';

export interface DeliveryHandlerOptions {
  /** Checks of the payload by message pattern, run before the work: a failure dead-letters at once. */
  validators?: Record<string, PayloadValidator>;
  /** The payload as the handler sees it; by default the `data` of the NestJS wire format. */
  payloadOf?: (body: unknown) => unknown;
}

/** A message as consumed, with the channel that delivered it; its pattern defaults to its routing key. */
export interface ConsumedMessage {
  channel: Channel;
  message: ConsumeMessage;
  pattern?: string;
}

/**
 * Settles every consumed message exactly once, after the work is done: the NestJS RMQ server
 * neither acks nor nacks a handler that throws. A failure that can heal is retried with backoff
 * through the queue's retry queues and ends in its dead-letter queue; one that cannot (see
 * `failureClassOf`) goes there at once. The original is acked only once its copy is confirmed, so
 * a crash in between duplicates a message but never loses it. A failed read is answered and
 * dropped: nobody would read it later.
 */
export class DeliveryHandler {
  private readonly logger = new Logger(DeliveryHandler.name);
  private readonly queues: Map<string, WorkQueue>;
  private readonly validators: Map<string, PayloadValidator>;
  private readonly payloadOf: (body: unknown) => unknown;

  constructor(
    private readonly publisher: ConfirmPublisher,
    queues: WorkQueue[],
    options: DeliveryHandlerOptions = {},
  ) {
    this.queues = new Map(queues.map((q) => [q.name, q]));
    this.validators = new Map(Object.entries(options.validators ?? {}));
    this.payloadOf = options.payloadOf ?? ((body) => (body as { data?: unknown } | null)?.data);
  }

  /**
   * `queue` names the work queue the message was consumed from. It defaults to the routing key,
   * which is the queue's name for messages sent straight to it; events routed through an
   * exchange by their type must name their queue.
   */
  run<T>(ctx: RmqContext, work: () => Promise<T>, queue?: string): Promise<T | Observable<never>> {
    const delivery = {
      channel: ctx.getChannelRef() as Channel,
      message: ctx.getMessage() as ConsumeMessage,
      pattern: ctx.getPattern(),
    };
    return this.runDelivery(delivery, work, queue);
  }

  /** `run` for a message consumed on a channel of the caller's own, not through the NestJS RMQ server. */
  async runDelivery<T>(delivery: ConsumedMessage, work: () => Promise<T>, queue?: string): Promise<T | Observable<never>> {
    const { channel, message } = delivery;
    const pattern = delivery.pattern ?? message.fields.routingKey;
    const name = queue ?? message.fields.routingKey;
    const end = messageHandlingDuration.startTimer({ queue: name });
    let result: T;
    try {
      this.validate(pattern, message);
      result = await work();
    } catch (error) {
      return this.fail(channel, message, error, name).finally(() => end());
    }
    this.settle(() => channel.ack(message), message);
    const seconds = end();
    messagesHandled.inc({ queue: name, outcome: 'acked' });
    this.logger.log({
      msg: 'message handled',
      queue: name,
      pattern,
      outcome: 'acked',
      durationMs: Math.round(seconds * 1000),
      correlationId: correlationOf(message),
    });
    return result;
  }

  private validate(pattern: string, message: ConsumeMessage): void {
    const validator = this.validators.get(pattern);
    if (!validator) return;
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch {
      throw new PermanentMessageError('body is not JSON');
    }
    const problems = validator(this.payloadOf(body));
    if (problems.length) throw new PermanentMessageError(`invalid ${pattern}: ${problems.slice(0, 10).join('; ')}`);
  }

  private async fail(channel: Channel, message: ConsumeMessage, error: unknown, queueName: string): Promise<Observable<never>> {
    const queue = this.queues.get(queueName);
    const reason = error instanceof Error ? error.message : String(error);
    const failure = failureClassOf(error);
    if (queue?.transient) return this.dropRead(channel, message, queueName, reason, failure);
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0);
    const target = targetOf(queue, queueName, attempt, failure);
    const retried = target !== deadLetterQueueOf(queueName);
    try {
      await this.publisher.publish({
        exchange: '',
        routingKey: target,
        body: message.content,
        options: {
          ...message.properties,
          persistent: true,
          headers: {
            ...message.properties.headers,
            [ATTEMPT_HEADER]: attempt + 1,
            [FAILURE_REASON_HEADER]: reason.slice(0, 500),
            [FAILURE_CLASS_HEADER]: failure === 'permanent' ? 'permanent' : 'transient',
          },
        },
      });
    } catch (publishError) {
      this.logger.warn({
        msg: 'failed message not moved; returned to its queue',
        queue: queueName,
        target,
        error: (publishError as Error).message,
      });
      this.settle(() => channel.nack(message, false, true), message);
      return EMPTY;
    }
    this.settle(() => channel.ack(message), message);
    messagesHandled.inc({ queue: queueName, outcome: retried ? 'retried' : 'dead_lettered' });
    const fields = { queue: queueName, failure, reason, target, correlationId: correlationOf(message) };
    if (retried) {
      this.logger.warn({ msg: 'message retried', attempt: attempt + 1, ...fields });
      // No reply yet: a caller still waiting gets the answer of the retry.
      return EMPTY;
    }
    this.logger.error({ msg: 'message dead-lettered', attempts: attempt + 1, ...fields });
    return throwError(() => new RpcException(`request failed and was dead-lettered: ${reason}`));
  }

  /** A read that failed: its caller gets the error now, and nothing is kept for later. */
  private dropRead(channel: Channel, message: ConsumeMessage, queue: string, reason: string, failure: FailureClass) {
    this.settle(() => channel.ack(message), message);
    messagesHandled.inc({ queue, outcome: 'failed' });
    this.logger.warn({ msg: 'query failed', queue, failure, reason, correlationId: correlationOf(message) });
    return Promise.resolve(throwError(() => new RpcException(`query failed: ${reason}`)));
  }

  /**
   * An ack or nack on a channel that closed meanwhile throws; the broker has already put the
   * message back for redelivery, and the consumers are idempotent, so that is only worth a log line.
   */
  private settle(action: () => void, message: ConsumeMessage): void {
    try {
      action();
    } catch (error) {
      this.logger.warn({
        msg: 'message not settled: its channel closed, the broker redelivers it',
        error: (error as Error).message,
        correlationId: correlationOf(message),
      });
    }
  }
}

/** Where a failed message goes next: a retry queue while it can heal, else the dead-letter queue. */
function targetOf(queue: WorkQueue | undefined, name: string, attempt: number, failure: FailureClass): string {
  const retries = queue?.retryDelaysMs.length ?? 0;
  if (failure === 'permanent' || retries === 0) return deadLetterQueueOf(name);
  if (attempt < retries) return retryQueueOf(name, attempt + 1);
  // A dependency that is down is no fault of the message: keep it waiting at the longest delay.
  if (failure === 'unavailable') return retryQueueOf(name, retries);
  return deadLetterQueueOf(name);
}

const correlationOf = (message: ConsumeMessage): string | undefined =>
  message.properties.headers?.['x-correlation-id'] as string | undefined;
