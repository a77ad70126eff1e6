import type { ChannelWrapper } from 'amqp-connection-manager';
import { addScrapedSeries } from '#observability';
import type { AmqpConnection } from './amqp-connection.js';
import { deadLetterQueueOf, type WorkQueue } from './topology.js';

const CHECK_TIMEOUT_MS = 2_000;

export const DEAD_LETTER_MESSAGES = {
  name: 'messaging_dead_letter_messages',
  help: 'Messages waiting in a dead-letter queue (failed for good, retried by nobody), by queue; read from the broker when scraped.',
  labelNames: ['queue'],
};

/**
 * Reads how many messages wait in a queue, with a passive declare on a channel of its own: a check
 * of a missing queue closes that channel, never a consumer's, and the next check opens a new one.
 */
export class QueueDepthProbe {
  private channel: ChannelWrapper;
  private readonly removals: (() => void)[] = [];

  constructor(private readonly connection: AmqpConnection) {
    this.channel = this.open();
  }

  private open(): ChannelWrapper {
    return this.connection.channel('queue-depth', (channel) => {
      // The broker closes the channel on a failed check; amqplib reports it as an error event, expected here.
      channel.on('error', () => undefined);
      return Promise.resolve();
    });
  }

  /** Ready messages (not those delivered and unacked); rejects when the broker does not answer. */
  async ready(queue: string): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer about ${queue} within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const channel = this.channel;
    const check = channel.waitForConnect().then(() => channel.checkQueue(queue));
    // Settled after a timeout too, where nobody awaits it any more.
    check.catch(() => undefined);
    try {
      return (await Promise.race([check, timeout])).messageCount;
    } catch (error) {
      // A channel the broker closed is only reopened on a new connection: replace it.
      if (this.channel === channel) {
        this.channel = this.open();
        await channel.close().catch(() => undefined);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `messaging_dead_letter_messages{queue}` for the dead-letter queue of each of these work queues that has one. */
  exportDeadLetterDepths(queues: WorkQueue[]): this {
    for (const queue of queues.filter((q) => !q.transient)) {
      const dlq = deadLetterQueueOf(queue.name);
      this.removals.push(addScrapedSeries(DEAD_LETTER_MESSAGES, { queue: dlq }, () => this.ready(dlq)));
    }
    return this;
  }

  async close(): Promise<void> {
    for (const remove of this.removals.splice(0)) remove();
    await this.channel.close();
  }
}
