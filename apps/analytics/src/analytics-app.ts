import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomStrategy } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { type AppConfig, ConfigModule } from '#config';
import { ORDERS_EVENTS_EXCHANGE } from '#contracts';
import { type AmqpConnection, analyticsEventsQueue, analyticsQueryQueue, rmqServer } from '#messaging';
import {
  brokerCheck,
  databaseCheck,
  HealthModule,
  httpMetricsMiddleware,
  LoggingModule,
  MetricsModule,
  useJsonLogger,
  bootstrapLogger,
} from '#observability';
import { registerAnalyticsLag } from './ingest/analytics-lag.js';
import { AnalyticsModule } from './analytics.module.js';
import { IngestEventMessageController } from './ingest/ingest-event.message.controller.js';
import { AnalyticsMessagingModule } from './messaging/analytics-messaging.module.js';
import { CloudEventDeserializer } from './messaging/cloud-event.deserializer.js';
import { GetCustomerMessageController } from './queries/get-customer/get-customer.message.controller.js';
import { StatusDurationsMessageController } from './queries/status-durations/status-durations.message.controller.js';
import { SummaryMessageController } from './queries/summary/summary.message.controller.js';
import { ThroughputMessageController } from './queries/throughput/throughput.message.controller.js';
import { TopCustomersMessageController } from './queries/top-customers/top-customers.message.controller.js';
import { RebuildMessageController } from './rebuild/rebuild.message.controller.js';

@Module({})
class AnalyticsAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const messaging = AnalyticsMessagingModule.forRoot(config);
    const analytics = AnalyticsModule.forRoot();
    return {
      module: AnalyticsAppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('analytics', config.logLevel),
        MetricsModule.forRoot(),
        messaging,
        analytics,
        HealthModule.forChecks({
          imports: [analytics, messaging],
          inject: [DataSource, AnalyticsMessagingModule.CONNECTION],
          useFactory: (dataSource: DataSource, connection: AmqpConnection) => [
            databaseCheck('postgres', dataSource),
            brokerCheck('rabbitmq', connection),
          ],
        }),
      ],
      controllers: [
        IngestEventMessageController,
        StatusDurationsMessageController,
        ThroughputMessageController,
        TopCustomersMessageController,
        GetCustomerMessageController,
        SummaryMessageController,
        RebuildMessageController,
      ],
    };
  }
}

/** The events consumer: `analytics.events`, bound to every event type, bodies read as plain CloudEvents. */
export function analyticsEventsServerOptions(config: AppConfig): CustomStrategy {
  return rmqServer(config.amqpUrl, analyticsEventsQueue, config.prefetch, config.queueType, {
    exchange: ORDERS_EVENTS_EXCHANGE,
    exchangeType: 'topic',
    routingKey: '#',
    deserializer: new CloudEventDeserializer(),
  });
}

/**
 * The analytics service: consumes `orders.events` into its summary tables, answers analytics
 * queries on `analytics.queries`, and serves health over HTTP. Not yet listening: call
 * `app.listen(config.analyticsPort)`.
 */
export async function createAnalyticsApp(config: AppConfig, options: { logger?: false } = {}) {
  const app = await NestFactory.create(AnalyticsAppModule.forRoot(config), {
    abortOnError: false,
    logger: options.logger ?? bootstrapLogger('analytics', config.logLevel),
  });
  if (options.logger !== false) useJsonLogger(app);
  app.use(httpMetricsMiddleware);
  registerAnalyticsLag();
  app.connectMicroservice(analyticsEventsServerOptions(config));
  app.connectMicroservice(rmqServer(config.amqpUrl, analyticsQueryQueue(config.rpcTimeoutMs), config.prefetch, config.queueType));
  await app.startAllMicroservices();
  return app;
}
