import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AppConfig, ConfigModule } from '#config';
import { ANALYTICS_CLIENT, type AnalyticsClient } from './analytics/analytics-client.port.js';
import { ANALYTICS_CONTROLLERS } from './analytics/analytics-controllers.js';
import { UnavailableAnalyticsClient } from './analytics/unavailable-analytics-client.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { ChangeStatusController } from './orders/change-status/change-status.controller.js';
import { CreateOrderController } from './orders/create-order/create-order.controller.js';
import { GetHistoryController } from './orders/get-history/get-history.controller.js';
import { GetOrderController } from './orders/get-order/get-order.controller.js';
import { ListOrdersController } from './orders/list-orders/list-orders.controller.js';
import { AddItemsController } from './orders/add-items/add-items.controller.js';
import { ChangeItemStatusController } from './orders/change-item-status/change-item-status.controller.js';
import { ListRefundsController } from './refunds/list-refunds/list-refunds.controller.js';
import { UpdateRefundController } from './refunds/update-refund/update-refund.controller.js';
import { ORDERS_CLIENT, type OrdersClient } from './orders/orders-client.port.js';
import { UnavailableWebhooksClient } from './webhooks/unavailable-webhooks-client.js';
import { WEBHOOK_CONTROLLERS } from './webhooks/webhooks-controllers.js';
import { WEBHOOKS_CLIENT } from './webhooks/webhooks-client.port.js';

export interface GatewayHttpModuleOptions {
  config: AppConfig;
  /**
   * The `OrdersClient` port's implementation. Leave it out when one of `imports` exports a
   * provider for `ORDERS_CLIENT` (e.g. the messaging module).
   */
  ordersClient?: OrdersClient;
  /**
   * The `AnalyticsClient` port's implementation. Left out with an `ordersClient` given, analytics
   * routes answer 503; left out otherwise, one of `imports` must export `ANALYTICS_CLIENT`.
   */
  analyticsClient?: AnalyticsClient;
  /** More modules for the gateway app: messaging, health, metrics. Their routes are guarded too: mark open ones `@Public()`. */
  imports?: ModuleMetadata['imports'];
}

/** Every orders route, in use-case folders. */
export const ORDER_CONTROLLERS = [
  CreateOrderController,
  GetOrderController,
  ListOrdersController,
  ChangeStatusController,
  GetHistoryController,
  AddItemsController,
  ChangeItemStatusController,
  ListRefundsController,
  UpdateRefundController,
];

/** The api-gateway's HTTP layer: the orders routes and the global API-key guard. */
@Module({})
export class GatewayHttpModule {
  static forRoot(options: GatewayHttpModuleOptions): DynamicModule {
    const providers: Provider[] = [{ provide: APP_GUARD, useClass: ApiKeyGuard }];
    if (options.ordersClient) providers.push({ provide: ORDERS_CLIENT, useValue: options.ordersClient });
    const analytics = options.analyticsClient ?? (options.ordersClient ? new UnavailableAnalyticsClient() : undefined);
    if (analytics) providers.push({ provide: ANALYTICS_CLIENT, useValue: analytics });
    // Built over a fake orders client (unit and HTTP-layer tests), nothing owns webhooks: their routes answer 503.
    if (options.ordersClient) providers.push({ provide: WEBHOOKS_CLIENT, useValue: new UnavailableWebhooksClient() });
    return {
      module: GatewayHttpModule,
      imports: [ConfigModule.forRoot(options.config), ...(options.imports ?? [])],
      controllers: [...ORDER_CONTROLLERS, ...ANALYTICS_CONTROLLERS, ...WEBHOOK_CONTROLLERS],
      providers,
    };
  }
}
