import { createDataSource, type DataSourceSpec } from '#persistence';
import type { DataSource } from 'typeorm';
import { Initial1767225600000 } from './migrations/1767225600000-initial.js';
import { AcceptanceTimersAndRefunds1767312000000 } from './migrations/1767312000000-acceptance-timers-and-refunds.js';
import { OrderRefusals1767571200000 } from './migrations/1767571200000-order-refusals.js';
import { AcceptanceSweep1767600000000 } from './migrations/1767600000000-acceptance-sweep.js';
import { AppliedReplays1767700000000 } from './migrations/1767700000000-applied-replays.js';
import { Fulfillment1767800000000 } from './migrations/1767800000000-fulfillment.js';
import { ScheduledOrders1767900000000 } from './migrations/1767900000000-scheduled-orders.js';
import { PromisedTimes1768000000000 } from './migrations/1768000000000-promised-times.js';
import { BrandAvailability1768100000000 } from './migrations/1768100000000-brand-availability.js';
import { OrderEdits1768200000000 } from './migrations/1768200000000-order-edits.js';
import { ChangeKeys1768300000000 } from './migrations/1768300000000-change-keys.js';
import { TrackingTokens1768350000000 } from './migrations/1768350000000-tracking-tokens.js';
import { OrderArchive1768400000000 } from './migrations/1768400000000-order-archive.js';
import { OutboxTraceparent1768540000000 } from './migrations/1768540000000-outbox-traceparent.js';
import { TerminalAt1768600000000 } from './migrations/1768600000000-terminal-at.js';
import { ArchivedKeysStay1768601000000 } from './migrations/1768601000000-archived-keys-stay.js';
import { TrackingTokenDigests1768602000000 } from './migrations/1768602000000-tracking-token-digests.js';

export const ORDERS_MIGRATIONS = [
  Initial1767225600000,
  AcceptanceTimersAndRefunds1767312000000,
  OrderRefusals1767571200000,
  AcceptanceSweep1767600000000,
  AppliedReplays1767700000000,
  Fulfillment1767800000000,
  ScheduledOrders1767900000000,
  PromisedTimes1768000000000,
  BrandAvailability1768100000000,
  OrderEdits1768200000000,
  ChangeKeys1768300000000,
  TrackingTokens1768350000000,
  OrderArchive1768400000000,
  OutboxTraceparent1768540000000,
  TerminalAt1768600000000,
  ArchivedKeysStay1768601000000,
  TrackingTokenDigests1768602000000,
];

export function ordersDataSourceSpec(url: string, poolSize?: number): DataSourceSpec {
  // Plain SQL through the repositories, so no entities: the migrations are the one description of the schema.
  return { url, schema: 'orders', entities: [], migrations: ORDERS_MIGRATIONS, poolSize };
}

export function createOrdersDataSource(url: string, poolSize?: number): DataSource {
  return createDataSource(ordersDataSourceSpec(url, poolSize));
}
