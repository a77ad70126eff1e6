import { migratedTypeOrmModule } from '#persistence';
import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { CloudEventPublisher } from '#messaging';
import { ArchiveSweep } from './archiving/archive-sweep.service.js';
import { AcceptanceSweep } from './acceptance/acceptance-sweep.service.js';
import { AcceptanceTimeoutService } from './acceptance/acceptance-timeout.service.js';
import { AddItemsService } from './commands/add-items/add-items.service.js';
import { ChangeItemStatusService } from './commands/change-item-status/change-item-status.service.js';
import { OrderChanges } from './batching/order-changes.js';
import { ChangePromisedTimeService } from './commands/change-promised-time/change-promised-time.service.js';
import { ChangeOrderService } from './commands/change-order/change-order.service.js';
import { ChangeItemQuantityService } from './commands/change-item-quantity/change-item-quantity.service.js';
import { RequestRefundService } from './commands/request-refund/request-refund.service.js';
import { ChangeStatusService } from './commands/change-status/change-status.service.js';
import { CreateOrderService } from './commands/create-order/create-order.service.js';
import { EVENT_PUBLISHER } from './outbox/event-publisher.port.js';
import { OutboxMetrics } from './outbox/outbox-metrics.js';
import { BusinessMetrics, businessMetricProviders } from './outbox/business-metrics.js';
import { OUTBOX_RELAY_OPTIONS, OutboxRelay } from './outbox/outbox-relay.service.js';
import { ordersDataSourceSpec } from './persistence/orders-data-source.js';
import { ExportOrdersService } from './queries/export-orders/export-orders.service.js';
import { GetHistoryService } from './queries/get-history/get-history.service.js';
import { GetOrderService } from './queries/get-order/get-order.service.js';
import { TrackOrderService } from './queries/track-order/track-order.service.js';
import { ListOrdersService } from './queries/list-orders/list-orders.service.js';
import { ListRefundsService } from './refunds/list-refunds/list-refunds.service.js';
import { UpdateRefundService } from './refunds/update-refund/update-refund.service.js';

export interface OrdersModuleOptions {
  /** The messaging module, whose `CloudEventPublisher` publishes the outbox. */
  imports: NonNullable<ModuleMetadata['imports']>;
}

const SERVICES = [
  CreateOrderService,
  ChangeStatusService,
  ChangePromisedTimeService,
  ChangeOrderService,
  ChangeItemQuantityService,
  RequestRefundService,
  ChangeItemStatusService,
  AddItemsService,
  GetOrderService,
  TrackOrderService,
  ListOrdersService,
  ExportOrdersService,
  GetHistoryService,
  ListRefundsService,
  UpdateRefundService,
  AcceptanceTimeoutService,
  AcceptanceSweep,
  ArchiveSweep,
];

/**
 * The orders service's persistence and use cases; needs APP_CONFIG (AppConfigModule.forRoot) in the
 * application. The outbox relay and the acceptance sweep start when the orders app starts them.
 */
@Module({})
export class OrdersModule {
  static forRoot(options: OrdersModuleOptions): DynamicModule {
    return {
      module: OrdersModule,
      imports: [migratedTypeOrmModule((config) => ordersDataSourceSpec(config.databaseUrl)), ...options.imports],
      providers: [
        { provide: EVENT_PUBLISHER, useExisting: CloudEventPublisher },
        { provide: OUTBOX_RELAY_OPTIONS, useValue: {} },
        OutboxRelay,
        OrderChanges,
        OutboxMetrics,
        BusinessMetrics,
        ...businessMetricProviders,
        ...SERVICES,
      ],
      exports: [OutboxRelay, BusinessMetrics, ...SERVICES],
    };
  }
}
