import { createDataSource, type DataSourceSpec } from '#persistence';
import type { DataSource } from 'typeorm';
import { Initial1767225600000 } from './migrations/1767225600000-initial.js';
import { AcceptanceTimersAndRefunds1767312000000 } from './migrations/1767312000000-acceptance-timers-and-refunds.js';
import { OrderRefusals1767571200000 } from './migrations/1767571200000-order-refusals.js';
import { AcceptanceSweep1767600000000 } from './migrations/1767600000000-acceptance-sweep.js';
import { AppliedReplays1767700000000 } from './migrations/1767700000000-applied-replays.js';
import { AppliedReplayEntity } from './applied-replay.entity.js';
import { RefundEntity } from './refund.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { OrderItemEntity } from './order-item.entity.js';
import { OrderRefusalEntity } from './order-refusal.entity.js';
import { OrderEntity } from './order.entity.js';
import { OutboxEntity } from './outbox.entity.js';
import { PaymentEntity } from './payment.entity.js';
import { StatusHistoryEntity } from './status-history.entity.js';

export const ORDERS_ENTITIES = [
  OrderEntity,
  OrderItemEntity,
  PaymentEntity,
  StatusHistoryEntity,
  OutboxEntity,
  IdempotencyKeyEntity,
  RefundEntity,
  OrderRefusalEntity,
  AppliedReplayEntity,
];
export const ORDERS_MIGRATIONS = [
  Initial1767225600000,
  AcceptanceTimersAndRefunds1767312000000,
  OrderRefusals1767571200000,
  AcceptanceSweep1767600000000,
  AppliedReplays1767700000000,
];

export function ordersDataSourceSpec(url: string, poolSize?: number): DataSourceSpec {
  return { url, schema: 'orders', entities: ORDERS_ENTITIES, migrations: ORDERS_MIGRATIONS, poolSize };
}

export function createOrdersDataSource(url: string, poolSize?: number): DataSource {
  return createDataSource(ordersDataSourceSpec(url, poolSize));
}
