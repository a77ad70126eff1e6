import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { AmqpConnection } from '#messaging';
import { AMQP_CONNECTION } from '../messaging/gateway-messaging.module.js';
import { SseSessions } from './sse-sessions.js';
import { StreamController } from './stream.controller.js';
import { StreamFeed } from './stream-feed.js';
import { StreamHub } from './stream-hub.js';

/** `GET /v1/stream`: needs the gateway's RabbitMQ connection (import after `GatewayMessagingModule`). */
@Module({})
export class StreamModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StreamModule,
      controllers: [StreamController],
      providers: [
        { provide: StreamHub, useFactory: () => new StreamHub() },
        { provide: SseSessions, useFactory: (hub: StreamHub) => new SseSessions(hub), inject: [StreamHub] },
        {
          provide: StreamFeed,
          useFactory: (connection: AmqpConnection, hub: StreamHub) => new StreamFeed(connection, hub, config.prefetch),
          inject: [AMQP_CONNECTION, StreamHub],
        },
      ],
    };
  }
}
