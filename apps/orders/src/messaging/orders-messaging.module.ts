import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '#config';
import {
  AmqpConnection,
  CloudEventPublisher,
  ConfirmPublisher,
  declareEventsExchange,
  declareWorkQueue,
  DeliveryHandler,
  QueueDepthProbe,
  ordersCommandQueue,
  ordersQueryQueue,
} from '#messaging';
import { ORDER_COMMAND_VALIDATORS } from './command-payloads.js';

const CONNECTION = Symbol('AMQP_CONNECTION');

/**
 * The orders service's own publishing side: events from the outbox, and failed commands moved to
 * their retry or dead-letter queues. Consuming is done by the NestJS RMQ servers of orders-app.ts.
 */
@Module({})
export class OrdersMessagingModule implements OnApplicationShutdown {
  constructor(
    private readonly publisher: ConfirmPublisher,
    @Inject(CONNECTION) private readonly connection: AmqpConnection,
    private readonly depths: QueueDepthProbe,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const queues = [ordersCommandQueue, ordersQueryQueue(config.rpcTimeoutMs)];
    return {
      module: OrdersMessagingModule,
      providers: [
        { provide: CONNECTION, useFactory: () => new AmqpConnection(config.amqpUrl, 'orders', config.amqpHeartbeatSeconds) },
        {
          provide: QueueDepthProbe,
          inject: [CONNECTION],
          useFactory: (connection: AmqpConnection) => new QueueDepthProbe(connection).exportDeadLetterDepths(queues),
        },
        {
          provide: ConfirmPublisher,
          inject: [CONNECTION],
          useFactory: async (connection: AmqpConnection) => {
            await connection.waitForConnect(15_000, config.amqpUrl);
            const publisher = new ConfirmPublisher(connection, 'orders.publisher', async (channel) => {
              await declareEventsExchange(channel);
              for (const queue of queues) await declareWorkQueue(channel, queue, config.queueType);
            });
            await publisher.waitForConnect();
            return publisher;
          },
        },
        {
          provide: DeliveryHandler,
          inject: [ConfirmPublisher],
          useFactory: (p: ConfirmPublisher) => new DeliveryHandler(p, queues, { validators: ORDER_COMMAND_VALIDATORS }),
        },
        {
          provide: CloudEventPublisher,
          inject: [ConfirmPublisher],
          useFactory: (p: ConfirmPublisher) => new CloudEventPublisher(p),
        },
      ],
      exports: [CONNECTION, QueueDepthProbe, ConfirmPublisher, DeliveryHandler, CloudEventPublisher],
    };
  }

  static readonly CONNECTION = CONNECTION;

  async onApplicationShutdown(): Promise<void> {
    await this.depths.close();
    await this.publisher.close();
    await this.connection.close();
  }
}
