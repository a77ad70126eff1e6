import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { AmqpConnection } from '#messaging';
import { AMQP_CONNECTION } from '../messaging/gateway-messaging.module.js';
import { SseSessions } from './sse-sessions.js';
import { StreamController } from './stream.controller.js';
import { StreamFeed } from './stream-feed.js';
import { StreamHub } from './stream-hub.js';
import { OrderQueries } from '#contracts';
import { ORDERS_CLIENT, type OrdersClient } from '../orders/orders-client.port.js';
import { TrackingSessions } from '../tracking/tracking-stream/tracking-sessions.js';
import { TrackingStreamController } from '../tracking/tracking-stream/tracking-stream.controller.js';

/** `GET /v1/stream` and the tracking links' streams: need the gateway's RabbitMQ connection (import after `GatewayMessagingModule`). */
@Module({})
export class StreamModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StreamModule,
      controllers: [StreamController, TrackingStreamController],
      providers: [
        { provide: StreamHub, useFactory: () => new StreamHub() },
        { provide: SseSessions, useFactory: (hub: StreamHub) => new SseSessions(hub), inject: [StreamHub] },
        {
          provide: TrackingSessions,
          useFactory: (hub: StreamHub, orders: OrdersClient) =>
            new TrackingSessions(hub, (tokenDigest) => orders.query(OrderQueries.track, { tokenDigest }), config.trackingTtlMs),
          inject: [StreamHub, ORDERS_CLIENT],
        },
        {
          provide: StreamFeed,
          useFactory: (connection: AmqpConnection, hub: StreamHub) => new StreamFeed(connection, hub, config.prefetch),
          inject: [AMQP_CONNECTION, StreamHub],
        },
      ],
    };
  }
}
