import { type DynamicModule, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '#config';
import {
  AmqpConnection,
  ConfirmPublisher,
  declareEventsExchange,
  declareWorkQueue,
  DeliveryHandler,
  webhooksAdminCommandQueue,
  webhooksAdminQueue,
  webhooksEventsQueue,
} from '#messaging';
import { openMigrated } from '#persistence';
import { KeyedWebhookAdmin } from './admin/keyed-webhook-admin.js';
import { WEBHOOK_ADMIN, WebhookAdmin } from './admin/webhook-admin.js';
import { WebhookAdminMessageController, WEBHOOKS_DELIVERY_HANDLER } from './admin/webhook-admin.message.controller.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { WebhookBacklogMetrics } from './dispatch/webhook-metrics.js';
import { WebhookEventsConsumer } from './intake/webhook-events.consumer.js';
import { DeliveryRepository } from './persistence/delivery.repository.js';
import { EventStoreRepository } from './persistence/event-store.repository.js';
import { SubscriptionRepository } from './persistence/subscription.repository.js';
import { createWebhooksDataSource } from './persistence/webhooks-data-source.js';
import { SecretBox } from './secrets/secret-box.js';
import { WebhooksRuntime } from './webhooks-runtime.js';

const CONNECTION = Symbol('WEBHOOKS_AMQP_CONNECTION');
const DATA_SOURCE = Symbol('WEBHOOKS_DATA_SOURCE');

/**
 * Webhooks for ordering channels (CONTRACT section 9): subscriptions and deliveries in schema
 * `webhooks`, the intake of `orders.events` through `webhooks.events`, the dispatcher, and the
 * gateway's admin requests: reads on `webhooks.admin`, writes on `webhooks.admin.commands`. It
 * shares nothing with the rest of its host but the process: its own connection, pool and
 * migrations, so it can move to a process of its own.
 * Loaded only with WEBHOOK_SECRET_KEY set (see `webhooksEnabled`): without it nothing could be signed.
 */
@Module({})
export class WebhooksModule implements OnApplicationShutdown {
  constructor(
    @Inject(CONNECTION) private readonly connection: AmqpConnection,
    private readonly publisher: ConfirmPublisher,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const { webhooks } = config;
    const key = webhooks.sealingKey;
    if (!key) throw new Error('WebhooksModule needs WEBHOOK_SECRET_KEY');
    const queues = [webhooksEventsQueue, webhooksAdminQueue(config.rpcTimeoutMs), webhooksAdminCommandQueue];
    const providers: Provider[] = [
      { provide: CONNECTION, useFactory: () => new AmqpConnection(config.amqpUrl, 'webhooks', config.amqpHeartbeatSeconds) },
      {
        provide: ConfirmPublisher,
        inject: [CONNECTION],
        useFactory: async (connection: AmqpConnection) => {
          await connection.waitForConnect(15_000, config.amqpUrl);
          const publisher = new ConfirmPublisher(connection, 'webhooks.publisher', async (channel) => {
            await declareEventsExchange(channel);
            for (const queue of queues) await declareWorkQueue(channel, queue, config.queueType);
          });
          await publisher.waitForConnect();
          return publisher;
        },
      },
      {
        provide: WEBHOOKS_DELIVERY_HANDLER,
        inject: [ConfirmPublisher],
        useFactory: (p: ConfirmPublisher) => new DeliveryHandler(p, queues),
      },
      { provide: DATA_SOURCE, useFactory: () => openMigrated(createWebhooksDataSource(config.databaseUrl)) },
      { provide: SecretBox, useValue: new SecretBox(key, webhooks.previousSealingKeys) },
      {
        provide: SubscriptionRepository,
        inject: [DATA_SOURCE],
        useFactory: (ds: DataSource) => new SubscriptionRepository(ds),
      },
      { provide: EventStoreRepository, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new EventStoreRepository(ds) },
      { provide: DeliveryRepository, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new DeliveryRepository(ds) },
      {
        provide: Dispatcher,
        inject: [DeliveryRepository, EventStoreRepository, SubscriptionRepository, SecretBox],
        useFactory: (d: DeliveryRepository, e: EventStoreRepository, s: SubscriptionRepository, box: SecretBox) =>
          new Dispatcher(d, e, s, box, webhooks),
      },
      {
        provide: WEBHOOK_ADMIN,
        inject: [DATA_SOURCE, SubscriptionRepository, DeliveryRepository, EventStoreRepository, SecretBox, Dispatcher],
        useFactory: (
          ds: DataSource,
          s: SubscriptionRepository,
          d: DeliveryRepository,
          e: EventStoreRepository,
          box: SecretBox,
          dispatcher: Dispatcher,
        ) => new KeyedWebhookAdmin(ds, new WebhookAdmin(s, d, e, box, dispatcher.wake), e, box, dispatcher.wake),
      },
      {
        provide: WebhookEventsConsumer,
        inject: [CONNECTION, EventStoreRepository, Dispatcher],
        useFactory: (connection: AmqpConnection, store: EventStoreRepository, dispatcher: Dispatcher) =>
          new WebhookEventsConsumer(connection, store, dispatcher.wake, {
            prefetch: config.prefetch,
            queueType: config.queueType,
          }),
      },
      {
        provide: WebhookBacklogMetrics,
        inject: [DeliveryRepository],
        useFactory: (d: DeliveryRepository) => new WebhookBacklogMetrics(d),
      },
      {
        provide: WebhooksRuntime,
        inject: [SubscriptionRepository, SecretBox, WebhookEventsConsumer, Dispatcher],
        useFactory: (s: SubscriptionRepository, box: SecretBox, consumer: WebhookEventsConsumer, dispatcher: Dispatcher) =>
          new WebhooksRuntime({ subscriptions: s, box, consumer, dispatcher }),
      },
    ];
    return { module: WebhooksModule, providers, controllers: [WebhookAdminMessageController] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
    await this.connection.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Webhooks run only where secrets can be sealed; elsewhere nobody consumes the admin queues: reads
 * answer 503, writes 202 and wait in `webhooks.admin.commands` for a service that has the key.
 */
export const webhooksEnabled = (config: AppConfig): boolean => config.webhooks.sealingKey !== undefined;
