import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Options } from 'amqplib';
import { messagesPublished } from '#observability';
import type { AmqpConnection } from './amqp-connection.js';

/** Between a publish's channel closing under it and sending it again (on the reconnected channel). */
const REPUBLISH_PAUSE_MS = 200;

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  body: Buffer;
  options: Options.Publish;
}

/**
 * Publishes on a confirm channel and resolves only when the broker has taken responsibility
 * for the message. Many publishes may be in flight at once: that is where throughput comes from.
 */
export class ConfirmPublisher {
  private readonly channel: ChannelWrapper;
  private closed = false;

  constructor(
    connection: AmqpConnection,
    name: string,
    setup: Parameters<AmqpConnection['channel']>[1] = async () => {},
    private readonly timeoutMs = 10_000,
  ) {
    this.channel = connection.channel(name, setup);
  }

  /**
   * `timeoutMs` 0: never given up. A publish whose channel closes before the confirm is rejected
   * ("channel closed") by amqp-connection-manager, not kept for the reconnect, and the broker may or
   * may not hold it: it is sent again, the same message, until the broker confirms it (a consumer
   * may then see it twice) or refuses it (a nack, the one error passed on), or the publisher closes.
   */
  async publish(message: OutgoingMessage, timeoutMs = this.timeoutMs): Promise<void> {
    for (;;) {
      try {
        await this.channel.publish(message.exchange, message.routingKey, message.body, {
          ...message.options,
          timeout: timeoutMs,
        });
        break;
      } catch (error) {
        if (timeoutMs !== 0 || this.closed || /nack/i.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, REPUBLISH_PAUSE_MS));
      }
    }
    messagesPublished.inc({ exchange: message.exchange, destination: message.routingKey });
  }

  publishAll(messages: OutgoingMessage[]): Promise<void[]> {
    return Promise.all(messages.map((m) => this.publish(m)));
  }

  waitForConnect(): Promise<void> {
    return this.channel.waitForConnect();
  }

  close(): Promise<void> {
    this.closed = true;
    return this.channel.close();
  }
}
