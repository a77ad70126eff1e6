import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { type AppConfig, AppConfigModule } from '#config';
import { ANALYTICS_CONTROLLERS } from './analytics/analytics-controllers.js';
import { AdminPortGuard } from './auth/admin-port.guard.js';
import { AdminRoutes } from './auth/admin-routes.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { AVAILABILITY_CONTROLLERS } from './brands/availability-controllers.js';
import { AvailabilityCacheModule } from './brands/availability.module.js';
import { CsvNegotiationInterceptor } from './csv/csv-answer.js';
import { ChangeStatusController } from './orders/change-status/change-status.controller.js';
import { ChangePromisedTimeController } from './orders/change-promised-time/change-promised-time.controller.js';
import { CreateOrderController } from './orders/create-order/create-order.controller.js';
import { ExportOrdersController } from './orders/export-orders/export-orders.controller.js';
import { GetHistoryController } from './orders/get-history/get-history.controller.js';
import { GetOrderController } from './orders/get-order/get-order.controller.js';
import { ListOrdersController } from './orders/list-orders/list-orders.controller.js';
import { AddItemsController } from './orders/add-items/add-items.controller.js';
import { ChangeItemStatusController } from './orders/change-item-status/change-item-status.controller.js';
import { ListRefundsController } from './refunds/list-refunds/list-refunds.controller.js';
import { UpdateRefundController } from './refunds/update-refund/update-refund.controller.js';
import { ChangeOrderController } from './orders/change-order/change-order.controller.js';
import { ChangeItemQuantityController } from './orders/change-item-quantity/change-item-quantity.controller.js';
import { RequestRefundController } from './refunds/request-refund/request-refund.controller.js';
import { WEBHOOK_CONTROLLERS } from './webhooks/webhooks-controllers.js';
import { GetTrackingController } from './tracking/get-tracking/get-tracking.controller.js';

export interface GatewayHttpModuleOptions {
  config: AppConfig;
  /**
   * The modules it runs on: one of them exports `ORDERS_CLIENT`, `ANALYTICS_CLIENT` and
   * `AMQP_CONNECTION` (the messaging module); the others add health, metrics, the stream. Their
   * routes are guarded too: mark open ones `@Public()`.
   */
  imports: NonNullable<ModuleMetadata['imports']>;
}

/** Every orders route, in use-case folders. */
export const ORDER_CONTROLLERS = [
  // Before GetOrderController: /v1/orders/export is not /v1/orders/{id}.
  ExportOrdersController,
  CreateOrderController,
  GetOrderController,
  ListOrdersController,
  ChangeStatusController,
  ChangePromisedTimeController,
  GetHistoryController,
  AddItemsController,
  ChangeItemStatusController,
  ListRefundsController,
  UpdateRefundController,
  ChangeOrderController,
  ChangeItemQuantityController,
  RequestRefundController,
];

/** The api-gateway's HTTP layer: the orders and analytics routes, the global API-key guard and CSV negotiation. */
@Module({})
export class GatewayHttpModule {
  static forRoot(options: GatewayHttpModuleOptions): DynamicModule {
    return {
      module: GatewayHttpModule,
      imports: [AppConfigModule.forRoot(options.config), AvailabilityCacheModule, DiscoveryModule, ...options.imports],
      controllers: [
        ...ORDER_CONTROLLERS,
        ...AVAILABILITY_CONTROLLERS,
        ...ANALYTICS_CONTROLLERS,
        ...WEBHOOK_CONTROLLERS,
        GetTrackingController,
      ],
      // In this order: a route moved to the admin port is a 404 on the public one before any key is checked.
      providers: [
        { provide: APP_GUARD, useClass: AdminPortGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_INTERCEPTOR, useClass: CsvNegotiationInterceptor },
        AdminRoutes,
      ],
    };
  }
}
