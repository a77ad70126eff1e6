import { Logger } from '@nestjs/common';
import { type RmqContext, ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { type ConsumerSpan, startConsumerSpan, tracingOn } from '#observability';
import { coalesceFrames } from './frame-coalescing.js';
import { type BatchedReply, REPLY_BATCH_TYPE, ReplyBatches, wantsBatchedReplies } from './reply-batches.js';

/** A reply that cannot be written by then is given up: its caller has long stopped waiting. */
const REPLY_TIMEOUT_MS = 10_000;

/** Patterns whose route is kept: far more than the services handle, so a stray one costs no memory. */
const MAX_ROUTES = 1_000;

/**
 * The NestJS RMQ server made to survive the loss of its connection.
 *
 * ServerRMQ writes each reply on its consuming channel, a confirm channel, and drops the promise:
 * when the connection closes with a reply unconfirmed, amqplib rejects it ("channel closed"),
 * amqp-connection-manager passes the rejection on, and nothing handles it, which ends the process.
 * Replies go instead on a plain channel of their own, and a failed one is logged. A reply needs no
 * confirm: it matters only while its caller waits, and a lost one becomes a 202 or a 503 there.
 * A caller that asks for it gets the answers of one turn of the event loop in one message
 * (./reply-batches.ts): a batch of commands is answered with one message per caller, not per command.
 *
 * Its channel set-up also leaves the `consume` promise and the wrapper's `error` event unhandled;
 * both can fire when the connection drops during a reconnect. They are logged here, and the next
 * reconnect runs the set-up again.
 *
 * With tracing on, each request is handled in a CONSUMER span, a child of the `traceparent` its
 * sender put in the headers, from its delivery until its reply is written (the transport's own
 * processing hooks); off, the hooks are never set.
 */
export class RmqServer extends ServerRMQ {
  private readonly log = new Logger(RmqServer.name);
  private replies?: ChannelWrapper;
  private readonly spans = new WeakMap<object, ConsumerSpan>();
  private readonly routes = new Map<string, string>();
  private readonly batches = new ReplyBatches((replyTo, replies) => this.sendBatch(replyTo, replies));

  constructor(...args: ConstructorParameters<typeof ServerRMQ>) {
    super(...args);
    if (tracingOn()) this.traceRequests();
  }

  override async createClient<T = AmqpConnectionManager>(): Promise<T> {
    const manager = await super.createClient<AmqpConnectionManager>();
    coalesceFrames(manager);
    return manager as T;
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    const wrapper = this.channel as ChannelWrapper | null;
    if (wrapper && wrapper.listenerCount('error') === 0) {
      wrapper.on('error', (error: Error) => this.log.warn(`consumer channel of ${this.queue} failed: ${error.message}`));
    }
    const consume = channel.consume.bind(channel);
    channel.consume = (...args: Parameters<Channel['consume']>) => {
      const started = consume(...args);
      started.catch((error: Error) => this.log.warn(`consumer of ${this.queue} not started: ${error.message}`));
      return started;
    };
    await super.setupChannel(channel, callback);
  }

  /**
   * The route of a pattern, worked out once: Nest tries `JSON.parse` on every message's pattern first,
   * and a plain name such as `orders.create` makes that throw, once per message.
   */
  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      if (this.routes.size < MAX_ROUTES) this.routes.set(pattern, route);
    }
    return route;
  }

  override sendMessage<T>(message: T, replyTo: string, correlationId: string, context: RmqContext): void {
    const outgoing = this.serializer.serialize(message as never) as { options?: Record<string, unknown> };
    const { options, ...packet } = outgoing;
    // Batched answers carry no message options of their own; the RMQ serializer sets none for a plain result.
    if (wantsBatchedReplies(context?.getMessage() as ConsumeMessage | undefined)) {
      return this.batches.add(replyTo, { correlationId, packet });
    }
    this.reply(replyTo, JSON.stringify(packet), { correlationId, ...options });
  }

  private sendBatch(replyTo: string, replies: BatchedReply[]): void {
    if (replies.length === 1) {
      const [{ correlationId, packet }] = replies as [BatchedReply];
      return this.reply(replyTo, JSON.stringify(packet), { correlationId });
    }
    this.reply(replyTo, JSON.stringify(replies), { type: REPLY_BATCH_TYPE });
  }

  private reply(replyTo: string, body: string, options: Record<string, unknown>): void {
    this.replyChannel()
      .sendToQueue(replyTo, Buffer.from(body), { ...options, timeout: REPLY_TIMEOUT_MS })
      .catch((error: Error) => this.log.warn(`reply to ${replyTo} not sent: ${error.message}`));
  }

  override async close(): Promise<void> {
    await this.replies?.close().catch(() => undefined);
    this.replies = undefined;
    await super.close();
  }

  private traceRequests(): void {
    // Typed as returning void, but the server hands on what the hook returns (the handling's
    // promise) to its error handler: `done()` must be returned, not dropped.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    this.setOnProcessingStartHook((_transport, ctx, done) => {
      const rmq = ctx as RmqContext;
      const message = rmq.getMessage() as ConsumeMessage;
      const span = startConsumerSpan(
        () => ({
          name: `process ${rmq.getPattern()}`,
          attributes: {
            'messaging.system': 'rabbitmq',
            'messaging.destination.name': this.queue,
            'messaging.message.id': message.properties.messageId as string,
          },
        }),
        message.properties.headers,
      );
      if (!span) return done();
      this.spans.set(ctx as object, span);
      return span.run(done);
    });
    this.setOnProcessingEndHook((_transport, ctx) => this.spans.get(ctx as object)?.end());
  }

  private replyChannel(): ChannelWrapper {
    if (!this.replies) {
      const manager = this.server as AmqpConnectionManager;
      this.replies = manager.createChannel({ name: `${this.queue}.replies`, confirm: false, json: false });
      this.replies.on('error', (error: Error) => this.log.warn(`reply channel of ${this.queue} failed: ${error.message}`));
    }
    return this.replies;
  }
}
