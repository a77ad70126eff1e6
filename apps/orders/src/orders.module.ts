import { migratedTypeOrmModule } from '#persistence';
import {
  type ClassProvider,
  type DynamicModule,
  type ExistingProvider,
  type FactoryProvider,
  Module,
  type ModuleMetadata,
  type Provider,
  type ValueProvider,
} from '@nestjs/common';
import {
  ACCEPTANCE_TIMER_OPTIONS,
  AcceptanceTimers,
  type AcceptanceTimerOptions,
} from './acceptance/acceptance-timer.service.js';
import { AcceptanceTimeoutService } from './acceptance/acceptance-timeout.service.js';
import { AddItemsService } from './commands/add-items/add-items.service.js';
import { ChangeItemStatusService } from './commands/change-item-status/change-item-status.service.js';
import { ChangeStatusService } from './commands/change-status/change-status.service.js';
import { CreateOrderService } from './commands/create-order/create-order.service.js';
import { EVENT_PUBLISHER, type EventPublisher } from './outbox/event-publisher.port.js';
import { OutboxMetrics } from './outbox/outbox-metrics.js';
import { BusinessMetrics, businessMetricProviders } from './outbox/business-metrics.js';
import { OUTBOX_RELAY_OPTIONS, OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.service.js';
import { ordersDataSourceSpec } from './persistence/orders-data-source.js';
import { GetHistoryService } from './queries/get-history/get-history.service.js';
import { GetOrderService } from './queries/get-order/get-order.service.js';
import { ListOrdersService } from './queries/list-orders/list-orders.service.js';
import { ListRefundsService } from './refunds/list-refunds/list-refunds.service.js';
import { UpdateRefundService } from './refunds/update-refund/update-refund.service.js';

export type EventPublisherProvider =
  | Omit<ClassProvider<EventPublisher>, 'provide'>
  | Omit<ValueProvider<EventPublisher>, 'provide'>
  | Omit<FactoryProvider<EventPublisher>, 'provide'>
  | Omit<ExistingProvider<EventPublisher>, 'provide'>;

export interface OrdersModuleOptions {
  /** How EVENT_PUBLISHER is built (the messaging library's publisher, or a test fake). */
  publisher: EventPublisherProvider;
  timers?: Partial<AcceptanceTimerOptions>;
  /** Modules the publisher needs. */
  imports?: ModuleMetadata['imports'];
  relay?: Partial<OutboxRelayOptions>;
  poolSize?: number;
}

const SERVICES = [
  CreateOrderService,
  ChangeStatusService,
  ChangeItemStatusService,
  AddItemsService,
  GetOrderService,
  ListOrdersService,
  GetHistoryService,
  ListRefundsService,
  UpdateRefundService,
  AcceptanceTimeoutService,
  AcceptanceTimers,
];

/** The orders service's persistence and use cases; needs APP_CONFIG (AppConfigModule.forRoot) in the application. */
@Module({})
export class OrdersModule {
  static forRoot(options: OrdersModuleOptions): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        migratedTypeOrmModule((config) => ordersDataSourceSpec(config.databaseUrl, options.poolSize)),
        ...(options.imports ?? []),
      ],
      providers: [
        { provide: EVENT_PUBLISHER, ...options.publisher } as Provider<EventPublisher>,
        { provide: OUTBOX_RELAY_OPTIONS, useValue: options.relay ?? {} },
        { provide: ACCEPTANCE_TIMER_OPTIONS, useValue: options.timers ?? {} },
        OutboxRelay,
        OutboxMetrics,
        BusinessMetrics,
        ...businessMetricProviders,
        ...SERVICES,
      ],
      exports: [OutboxRelay, BusinessMetrics, ...SERVICES],
    };
  }
}
