import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '#config';
import { ANALYTICS_EVENTS_QUEUE, ORDERS_EVENTS_EXCHANGE } from '#contracts';
import {
  AmqpConnection,
  analyticsEventsQueue,
  analyticsQueryQueue,
  ConfirmPublisher,
  declareEventsExchange,
  declareWorkQueue,
  DeliveryHandler,
  QueueDepthProbe,
  webhooksAdminCommandQueue,
  webhooksEventsQueue,
} from '#messaging';

const CONNECTION = Symbol('AMQP_CONNECTION');

/**
 * Declares the analytics queues and binds `analytics.events` to every event before any consumer
 * starts, and moves failed messages to their retry or dead-letter queues.
 */
@Module({})
export class AnalyticsMessagingModule implements OnApplicationShutdown {
  constructor(
    private readonly publisher: ConfirmPublisher,
    @Inject(CONNECTION) private readonly connection: AmqpConnection,
    private readonly depths: QueueDepthProbe,
  ) {}

  static readonly CONNECTION = CONNECTION;

  static forRoot(config: AppConfig): DynamicModule {
    const queues = [analyticsEventsQueue, analyticsQueryQueue(config.rpcTimeoutMs)];
    return {
      module: AnalyticsMessagingModule,
      providers: [
        { provide: CONNECTION, useFactory: () => new AmqpConnection(config.amqpUrl, 'analytics', config.amqpHeartbeatSeconds) },
        {
          provide: QueueDepthProbe,
          inject: [CONNECTION],
          // The webhooks module's queues exist only while it runs (a sealing key is set).
          useFactory: (connection: AmqpConnection) =>
            new QueueDepthProbe(connection).exportDeadLetterDepths([
              ...queues,
              ...(config.webhooks.sealingKey === undefined ? [] : [webhooksEventsQueue, webhooksAdminCommandQueue]),
            ]),
        },
        {
          provide: ConfirmPublisher,
          inject: [CONNECTION],
          useFactory: async (connection: AmqpConnection) => {
            await connection.waitForConnect(15_000, config.amqpUrl);
            const publisher = new ConfirmPublisher(connection, 'analytics.publisher', async (channel) => {
              await declareEventsExchange(channel);
              for (const queue of queues) await declareWorkQueue(channel, queue, config.queueType);
              await channel.bindQueue(ANALYTICS_EVENTS_QUEUE, ORDERS_EVENTS_EXCHANGE, '#');
            });
            await publisher.waitForConnect();
            return publisher;
          },
        },
        {
          provide: DeliveryHandler,
          inject: [ConfirmPublisher],
          useFactory: (p: ConfirmPublisher) => new DeliveryHandler(p, queues),
        },
      ],
      exports: [CONNECTION, QueueDepthProbe, ConfirmPublisher, DeliveryHandler],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.depths.close();
    await this.publisher.close();
    await this.connection.close();
  }
}
