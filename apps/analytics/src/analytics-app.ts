import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { type AppConfig, AppConfigModule } from '#config';
import {
  type AmqpConnection,
  analyticsQueryQueue,
  DeliveryHandler,
  rmqServer,
  webhooksAdminCommandQueue,
  webhooksAdminQueue,
} from '#messaging';
import {
  bootstrapLogger,
  brokerCheck,
  databaseCheck,
  HealthModule,
  httpMetricsMiddleware,
  LoggingModule,
  MetricsModule,
  TracingModule,
  useJsonLogger,
} from '#observability';
import { AnalyticsModule } from './analytics.module.js';
import { AnalyticsLagMetrics } from './ingest/analytics-lag.metrics.js';
import { EventBatchConsumer } from './ingest/event-batch.consumer.js';
import { IngestBatchService } from './ingest/ingest-batch.service.js';
import { AnalyticsMessagingModule } from './messaging/analytics-messaging.module.js';
import { GetCustomerMessageController } from './queries/get-customer/get-customer.message.controller.js';
import { StatusDurationsMessageController } from './queries/status-durations/status-durations.message.controller.js';
import { SummaryMessageController } from './queries/summary/summary.message.controller.js';
import { PunctualityMessageController } from './queries/punctuality/punctuality.message.controller.js';
import { ThroughputMessageController } from './queries/throughput/throughput.message.controller.js';
import { TopCustomersMessageController } from './queries/top-customers/top-customers.message.controller.js';
import { RebuildMessageController } from './rebuild/rebuild.message.controller.js';
import { webhooksEnabled, WebhooksModule } from './webhooks/webhooks.module.js';
import { WebhooksRuntime } from './webhooks/webhooks-runtime.js';

@Module({})
class AnalyticsAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const messaging = AnalyticsMessagingModule.forRoot(config);
    const analytics = AnalyticsModule.forRoot();
    return {
      module: AnalyticsAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('analytics', config.logLevel),
        MetricsModule.forRoot(),
        TracingModule,
        messaging,
        analytics,
        ...(webhooksEnabled(config) ? [WebhooksModule.forRoot(config)] : []),
        HealthModule.forChecks({
          imports: [analytics, messaging],
          inject: [DataSource, AnalyticsMessagingModule.CONNECTION],
          useFactory: (dataSource: DataSource, connection: AmqpConnection) => [
            databaseCheck('postgres', dataSource),
            brokerCheck('rabbitmq', connection),
          ],
        }),
      ],
      providers: [
        {
          provide: EventBatchConsumer,
          inject: [AnalyticsMessagingModule.CONNECTION, DeliveryHandler, IngestBatchService],
          useFactory: (connection: AmqpConnection, delivery: DeliveryHandler, ingest: IngestBatchService) =>
            new EventBatchConsumer(connection, delivery, ingest, { prefetch: config.prefetch, queueType: config.queueType }),
        },
        AnalyticsLagMetrics,
      ],
      controllers: [
        StatusDurationsMessageController,
        ThroughputMessageController,
        PunctualityMessageController,
        TopCustomersMessageController,
        GetCustomerMessageController,
        SummaryMessageController,
        RebuildMessageController,
      ],
    };
  }
}

/**
 * The analytics service: consumes `orders.events` (through `analytics.events`, in batches) into its summary tables, answers analytics
 * queries on `analytics.queries`, and serves health over HTTP. It also hosts the webhooks module (README "Webhooks": why here). Not yet listening: call
 * `app.listen(config.analyticsPort)`.
 */
export async function createAnalyticsApp(config: AppConfig) {
  const app = await NestFactory.create(AnalyticsAppModule.forRoot(config), {
    abortOnError: false,
    logger: bootstrapLogger('analytics', config.logLevel),
  });
  useJsonLogger(app);
  app.use(httpMetricsMiddleware);
  app.connectMicroservice(rmqServer(config, analyticsQueryQueue(config.rpcTimeoutMs)));
  const webhooks = webhooksEnabled(config);
  if (webhooks) {
    app.connectMicroservice(rmqServer(config, webhooksAdminQueue(config.rpcTimeoutMs)));
    app.connectMicroservice(rmqServer(config, webhooksAdminCommandQueue));
  } else {
    new Logger('Webhooks').warn('webhooks are off: set WEBHOOK_SECRET_KEY to deliver them');
  }
  await app.startAllMicroservices();
  await app.get(EventBatchConsumer).start();
  if (webhooks) await app.get(WebhooksRuntime).start();
  return app;
}
