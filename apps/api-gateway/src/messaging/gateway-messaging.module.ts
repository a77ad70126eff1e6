import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '#config';
import { AmqpConnection } from '#messaging';
import { brokerCheck, HealthModule } from '#observability';
import { ORDERS_CLIENT } from '../orders/orders-client.port.js';
import { RabbitOrdersClient } from './rabbit-orders-client.js';
import { ANALYTICS_CLIENT } from '../analytics/analytics-client.port.js';
import { RabbitAnalyticsClient } from './rabbit-analytics-client.js';
import { WEBHOOKS_CLIENT } from '../webhooks/webhooks-client.port.js';
import { RabbitWebhooksClient } from './rabbit-webhooks-client.js';

/** The gateway's one `AmqpConnection`, for its other modules (the event stream) to inject. */
export const AMQP_CONNECTION = Symbol('AMQP_CONNECTION');
const CONNECTION = AMQP_CONNECTION;

/** The gateway's RabbitMQ side: one connection, the orders client, and readiness on the broker. */
@Module({})
export class GatewayMessagingModule implements OnApplicationShutdown {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly client: RabbitOrdersClient,
    @Inject(ANALYTICS_CLIENT) private readonly analyticsClient: RabbitAnalyticsClient,
    @Inject(WEBHOOKS_CLIENT) private readonly webhooksClient: RabbitWebhooksClient,
    @Inject(CONNECTION) private readonly connection: AmqpConnection,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GatewayMessagingModule,
      imports: [
        HealthModule.forChecks({
          useFactory: (connection: AmqpConnection) => [brokerCheck('rabbitmq', connection)],
          inject: [CONNECTION],
        }),
      ],
      providers: [
        { provide: CONNECTION, useFactory: () => new AmqpConnection(config.amqpUrl, 'api-gateway', config.amqpHeartbeatSeconds) },
        {
          provide: ORDERS_CLIENT,
          useFactory: async (connection: AmqpConnection) => {
            const client = new RabbitOrdersClient(connection, config);
            await connection.waitForConnect(15_000, config.amqpUrl);
            await client.ready();
            return client;
          },
          inject: [CONNECTION],
        },
        {
          provide: ANALYTICS_CLIENT,
          useFactory: async (connection: AmqpConnection) => {
            const client = new RabbitAnalyticsClient(connection, config);
            await connection.waitForConnect(15_000, config.amqpUrl);
            await client.ready();
            return client;
          },
          inject: [CONNECTION],
        },
        {
          provide: WEBHOOKS_CLIENT,
          useFactory: async (connection: AmqpConnection) => {
            const client = new RabbitWebhooksClient(connection, config);
            await connection.waitForConnect(15_000, config.amqpUrl);
            await client.ready();
            return client;
          },
          inject: [CONNECTION],
        },
      ],
      exports: [ORDERS_CLIENT, ANALYTICS_CLIENT, WEBHOOKS_CLIENT, CONNECTION],
      global: true,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
    await this.analyticsClient.close();
    await this.webhooksClient.close();
    await this.connection.close();
  }
}
