import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AmqpConnection } from '#messaging';
import { AMQP_CONNECTION } from '../messaging/gateway-messaging.module.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders/orders-client.port.js';
import { AvailabilityCache } from './availability-cache.js';
import { AvailabilityFeed } from './availability-feed.js';

/** The availability cache intake reads; empty (every brand ONLINE) until a feed fills it. */
@Global()
@Module({ providers: [{ provide: AvailabilityCache, useFactory: () => new AvailabilityCache() }], exports: [AvailabilityCache] })
export class AvailabilityCacheModule {}

/** Fills the cache from `orders.events`: needs the gateway's RabbitMQ connection (import after `GatewayMessagingModule`). */
@Module({})
export class AvailabilityFeedModule {
  static forRoot(): DynamicModule {
    return {
      module: AvailabilityFeedModule,
      providers: [
        {
          provide: AvailabilityFeed,
          useFactory: (connection: AmqpConnection, orders: OrdersClient, cache: AvailabilityCache) =>
            new AvailabilityFeed(connection, orders, cache),
          inject: [AMQP_CONNECTION, ORDERS_CLIENT, AvailabilityCache],
        },
      ],
    };
  }
}
