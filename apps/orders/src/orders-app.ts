import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { type AppConfig, AppConfigModule } from '#config';
import { type AmqpConnection, ordersCommandQueue, ordersQueryQueue, rmqServer } from '#messaging';
import {
  brokerCheck,
  databaseCheck,
  HealthModule,
  httpMetricsMiddleware,
  LoggingModule,
  MetricsModule,
  TracingModule,
  useJsonLogger,
  bootstrapLogger,
} from '#observability';
import { ChangeStatusMessageController } from './commands/change-status/change-status.message.controller.js';
import { ChangePromisedTimeMessageController } from './commands/change-promised-time/change-promised-time.message.controller.js';
import { ChangeOrderMessageController } from './commands/change-order/change-order.message.controller.js';
import { ChangeItemQuantityMessageController } from './commands/change-item-quantity/change-item-quantity.message.controller.js';
import { RequestRefundMessageController } from './commands/request-refund/request-refund.message.controller.js';
import { CreateOrderMessageController } from './commands/create-order/create-order.message.controller.js';
import { OrdersMessagingModule } from './messaging/orders-messaging.module.js';
import { AddItemsMessageController } from './commands/add-items/add-items.message.controller.js';
import { ChangeItemStatusMessageController } from './commands/change-item-status/change-item-status.message.controller.js';
import { ListRefundsMessageController } from './refunds/list-refunds/list-refunds.message.controller.js';
import { UpdateRefundMessageController } from './refunds/update-refund/update-refund.message.controller.js';
import { OrdersModule } from './orders.module.js';
import { AvailabilityModule } from './availability/availability.module.js';
import { AcceptanceSweep } from './acceptance/acceptance-sweep.service.js';
import { ArchiveSweep } from './archiving/archive-sweep.service.js';
import { OutboxRelay } from './outbox/outbox-relay.service.js';
import { GetHistoryMessageController } from './queries/get-history/get-history.message.controller.js';
import { GetOrderMessageController } from './queries/get-order/get-order.message.controller.js';
import { TrackOrderMessageController } from './queries/track-order/track-order.message.controller.js';
import { ListOrdersMessageController } from './queries/list-orders/list-orders.message.controller.js';
import { ExportOrdersMessageController } from './queries/export-orders/export-orders.message.controller.js';

@Module({})
class OrdersAppModule implements OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly sweep: AcceptanceSweep,
    private readonly archive: ArchiveSweep,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.sweep.start();
    this.archive.start();
  }

  static forRoot(config: AppConfig): DynamicModule {
    const messaging = OrdersMessagingModule.forRoot(config);
    const orders = OrdersModule.forRoot({ imports: [messaging] });
    return {
      module: OrdersAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('orders', config.logLevel),
        MetricsModule.forRoot(),
        TracingModule,
        messaging,
        orders,
        AvailabilityModule.forRoot([orders, messaging]),
        HealthModule.forChecks({
          imports: [orders, messaging],
          inject: [DataSource, OrdersMessagingModule.CONNECTION],
          useFactory: (dataSource: DataSource, connection: AmqpConnection) => [
            databaseCheck('postgres', dataSource),
            brokerCheck('rabbitmq', connection),
          ],
        }),
      ],
      controllers: [
        CreateOrderMessageController,
        ChangeStatusMessageController,
        ChangePromisedTimeMessageController,
        ChangeOrderMessageController,
        ChangeItemQuantityMessageController,
        RequestRefundMessageController,
        GetOrderMessageController,
        TrackOrderMessageController,
        ListOrdersMessageController,
        ExportOrdersMessageController,
        GetHistoryMessageController,
        ChangeItemStatusMessageController,
        AddItemsMessageController,
        ListRefundsMessageController,
        UpdateRefundMessageController,
      ],
    };
  }
}

/**
 * The orders service: consumers of the command and query queues, the outbox relay, and an HTTP
 * listener for health. Not yet listening: call `app.listen(config.ordersPort)`.
 */
export async function createOrdersApp(config: AppConfig) {
  const app = await NestFactory.create(OrdersAppModule.forRoot(config), {
    abortOnError: false,
    logger: bootstrapLogger('orders', config.logLevel),
  });
  useJsonLogger(app);
  app.use(httpMetricsMiddleware);
  app.connectMicroservice(rmqServer(config, ordersCommandQueue));
  app.connectMicroservice(rmqServer(config, ordersQueryQueue(config.rpcTimeoutMs)));
  await app.startAllMicroservices();
  return app;
}
