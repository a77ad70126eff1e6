import type { ConfirmChannel, Options } from 'amqplib';
import { ORDERS_COMMAND_QUEUE, ORDERS_EVENTS_EXCHANGE, ORDERS_QUERY_QUEUE } from '#contracts';

/**
 * Every queue and exchange the product uses, declared by each service that touches it, so
 * start-up order does not matter and a message is never published to a queue that is not there.
 * Work queues dead-letter into `<queue>.dlq`; retries wait in `<queue>.retry.<n>` queues with a
 * fixed TTL each (one queue per delay, so a long delay never holds up a short one) and then
 * dead-letter back into the work queue. Query queues have no dead-letter queue: an expired or
 * failed read has already been answered (or given up on) by its caller, and nobody would read it.
 */
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000] as const;

export type QueueType = 'classic' | 'quorum';

export interface WorkQueue {
  name: string;
  /** Retries of a failed message; 0 sends failures straight to the dead-letter queue. */
  retryDelaysMs: readonly number[];
  /** Messages older than this are dropped: for queries nobody waits on any more. */
  messageTtlMs?: number;
  /** Reads: no dead-letter queue, so an expired or failed one is dropped rather than kept. */
  transient?: boolean;
}

export const ordersCommandQueue: WorkQueue = { name: ORDERS_COMMAND_QUEUE, retryDelaysMs: RETRY_DELAYS_MS };
export const ordersQueryQueue = (ttlMs: number): WorkQueue => ({
  name: ORDERS_QUERY_QUEUE,
  retryDelaysMs: [],
  messageTtlMs: ttlMs,
  transient: true,
});

export const deadLetterQueueOf = (queue: string) => `${queue}.dlq`;
export const retryQueueOf = (queue: string, attempt: number) => `${queue}.retry.${attempt}`;

/** The options a work queue is declared with; a consumer must assert it with exactly these. */
export function workQueueOptions(queue: WorkQueue, type: QueueType): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-queue-type': type,
      ...(queue.transient ? {} : { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterQueueOf(queue.name) }),
      ...(queue.messageTtlMs ? { 'x-message-ttl': queue.messageTtlMs } : {}),
    },
  };
}

export async function declareWorkQueue(channel: ConfirmChannel, queue: WorkQueue, type: QueueType): Promise<void> {
  if (!queue.transient) {
    await channel.assertQueue(deadLetterQueueOf(queue.name), { durable: true, arguments: { 'x-queue-type': type } });
  }
  await channel.assertQueue(queue.name, workQueueOptions(queue, type));
  await Promise.all(
    queue.retryDelaysMs.map((delay, i) =>
      channel.assertQueue(retryQueueOf(queue.name, i + 1), {
        durable: true,
        arguments: {
          'x-queue-type': type,
          'x-message-ttl': delay,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue.name,
        },
      }),
    ),
  );
}

export async function declareEventsExchange(channel: ConfirmChannel): Promise<void> {
  await channel.assertExchange(ORDERS_EVENTS_EXCHANGE, 'topic', { durable: true });
}
