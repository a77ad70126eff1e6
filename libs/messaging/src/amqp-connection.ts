import { Logger } from '@nestjs/common';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { coalesceFrames } from './frame-coalescing.js';

/**
 * Seconds between AMQP heartbeats unless AMQP_HEARTBEAT_SECONDS says otherwise, asked of the broker
 * by every connection. The broker closes a connection that missed two, and gives what its consumers
 * held unacked to the others: a replica frozen (SIGSTOP, a stalled VM) stops holding commands after
 * about 6 s rather than the 20–30 s of a 10 s heartbeat, which let its prefetch keep swallowing
 * commands meanwhile. Much lower and an event loop stalled by a long GC on a busy machine would lose
 * its connection for nothing; a process whose event loop stalls for seconds by design (several
 * services and their test driver in one process) asks for more.
 */
export const AMQP_HEARTBEAT_SECONDS = 3;

/**
 * One reconnecting connection per service. Channels are created with a setup function that
 * re-runs after every reconnect (declarations, consumers), so a broker restart heals itself.
 */
export class AmqpConnection {
  private readonly logger = new Logger(AmqpConnection.name);
  readonly manager: AmqpConnectionManager;

  constructor(url: string, name: string, heartbeatSeconds = AMQP_HEARTBEAT_SECONDS) {
    this.manager = amqp.connect([url], {
      heartbeatIntervalInSeconds: heartbeatSeconds,
      reconnectTimeInSeconds: 1,
      // Small request/reply frames otherwise wait on Nagle's algorithm: about 40 ms each way here.
      connectionOptions: { noDelay: true, clientProperties: { connection_name: name } },
    });
    coalesceFrames(this.manager);
    this.manager.on('disconnect', ({ err }) => this.logger.warn(`RabbitMQ connection lost: ${err?.message ?? 'closed'}`));
    this.manager.on('connectFailed', ({ err }) => this.logger.warn(`RabbitMQ connection failed: ${err?.message}`));
  }

  channel(name: string, setup: (channel: ConfirmChannel) => Promise<void>): ChannelWrapper {
    const channel = this.manager.createChannel({ name, confirm: true, json: false, setup });
    // A set-up cut short by a dropped connection is emitted as `error`; unheard, it would end the
    // process. The next reconnect runs the set-up again.
    channel.on('error', (err: Error) => this.logger.warn(`RabbitMQ channel ${name} set-up failed: ${err.message}`));
    return channel;
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  /** Resolves once connected; rejects after `timeoutMs` with a message that says what to do. */
  async waitForConnect(timeoutMs: number, url: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`RabbitMQ is not reachable at ${redact(url)} after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.manager.connect({ timeout: timeoutMs }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.manager.close();
  }
}

export const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
