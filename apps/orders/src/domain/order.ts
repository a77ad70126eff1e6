import type { ItemStatus, OrderStatus, Result } from '#contracts';
import type { Fulfillment } from './fulfillment.js';
import type { Money } from './money.js';

/** The order aggregate: an order, its lines and payments, as every decision about it sees it. */
export interface Order {
  id: string;
  channelOrderId: string;
  brandId: string;
  account: string | null;
  /** The customer key of analytics: `customer.id`, else the phone number reduced to `+` and digits. */
  customerId: string | null;
  customer: Customer;
  deliveryAddress: Address | null;
  fulfillment: Fulfillment;
  pickupTime: Date | null;
  currency: string | null;
  status: OrderStatus;
  version: number;
  /** The sequence number of the order's last event; the next one is this plus 1. */
  lastSequence: number;
  /** When the order's last change happened (a backfilled `at` included): no later change is before it. */
  lastChangeAt: Date;
  totalAmount: Money;
  placedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Placed with a `placedAt` from an import: never rejected by the acceptance timeout. */
  backfilled: boolean;
  /** For a pickupTime more than the schedule threshold after receipt. */
  scheduled: boolean;
  /** When the order is released to the kitchen; its acceptance time counts from here. */
  releaseAt: Date;
  /** When the order was accepted (its history entry's `at`); null before. */
  acceptedAt: Date | null;
  /** Null until accepted. */
  promisedReadyAt: Date | null;
  items: OrderItem[];
  payments: Payment[];
}

export interface Customer {
  id?: string;
  name?: string;
  phoneNumber?: string;
}

export interface Address {
  city?: string;
  street?: string;
  postalCode?: string;
}

export interface OrderItem {
  plu: string;
  /** Position on the order, from 1; lines keep it for good. */
  lineNo: number;
  name: string;
  quantity: number;
  unitPrice: Money | null;
  status: ItemStatus;
}

export interface Payment {
  reference: string;
  amount: Money;
}

export interface Refund {
  id: string;
  orderId: string;
  paymentReference: string;
  amount: Money;
  createdAt: Date;
}

/** A line as a command names it: the unit price still unknown when absent. */
export interface LineInput {
  plu: string;
  name: string;
  quantity: number;
  unitPrice: Money | null;
}

/**
 * What a decision says happened, in the order's own sequence. These are domain events, not the
 * published CloudEvents: they carry domain types (Money, Date) and who acted, so that one list
 * is both what the repository stores as history and refunds and what the outbox publishes
 * (mapped to the wire, with ids and correlation, at that boundary).
 */
export type OrderEvent =
  | { type: 'order.placed'; sequence: 1; at: Date; actor: string }
  | {
      type: 'order.status_changed';
      sequence: number;
      at: Date;
      actor: string;
      from: OrderStatus;
      to: OrderStatus;
      reason: string | null;
    }
  | {
      type: 'order.item_status_changed';
      sequence: number;
      at: Date;
      actor: string;
      plu: string;
      from: ItemStatus;
      to: ItemStatus;
    }
  | {
      type: 'order.items_added';
      sequence: number;
      at: Date;
      actor: string;
      /** The lines as the command added them: new ones, and quantities added to lines already there. */
      lines: LineInput[];
      /** The plus of the lines that are new, which start QUEUED. */
      newPlus: string[];
    }
  | {
      type: 'order.promised_time_changed';
      sequence: number;
      at: Date;
      actor: string;
      promisedReadyAt: Date;
      /** Null when set on acceptance. */
      previous: Date | null;
      reason: string | null;
    }
  | { type: 'refund.requested'; sequence: number; at: Date; refund: Refund };

/** An accepted decision: the order as it leaves it, and what happened, oldest first. */
export interface Transition {
  order: Order;
  events: OrderEvent[];
}

/** A decision: the transition, or the refusal the caller answers (and nothing changes). */
export type Decision = Result<Transition>;
