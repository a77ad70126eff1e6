import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Options } from 'amqplib';
import { messagesPublished } from '#observability';
import type { AmqpConnection } from './amqp-connection.js';

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

  constructor(
    connection: AmqpConnection,
    name: string,
    setup: Parameters<AmqpConnection['channel']>[1] = async () => {},
    private readonly timeoutMs = 10_000,
  ) {
    this.channel = connection.channel(name, setup);
  }

  /** `timeoutMs` 0: never given up, sent again after every reconnect until the broker confirms it. */
  async publish(message: OutgoingMessage, timeoutMs = this.timeoutMs): Promise<void> {
    await this.channel.publish(message.exchange, message.routingKey, message.body, {
      ...message.options,
      timeout: timeoutMs,
    });
    messagesPublished.inc({ exchange: message.exchange, destination: message.routingKey });
  }

  publishAll(messages: OutgoingMessage[]): Promise<void[]> {
    return Promise.all(messages.map((m) => this.publish(m)));
  }

  waitForConnect(): Promise<void> {
    return this.channel.waitForConnect();
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
