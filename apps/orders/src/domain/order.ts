import type { ItemStatus, OrderStatus, RefundStatus, Result } from '#contracts';
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
  /** Every refund of the order's payments so far, oldest first: what is left to refund follows from them. */
  refunds: OrderRefund[];
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
  /**
   * Taken off the order (quantity 0, or cancelled on its own): CANCELLED, keeping the quantity it
   * had, and no longer part of the total. Lines cancelled with their order are not removed.
   */
  removed: boolean;
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
  /** Why: `order_changed`, `order_rejected`, `order_cancelled`, or a goodwill refund's own reason. */
  reason: string;
}

/** A refund as the order knows it: a FAILED one gave nothing back, so its payment has that much left. */
export interface OrderRefund extends Refund {
  status: RefundStatus;
}

/** What an order edit replaces: each field whole (customer merged), as `order.updated` carries it. */
export interface DetailChanges {
  customer?: Customer;
  deliveryAddress?: Address | null;
  pickupTime?: Date | null;
  fulfillment?: Fulfillment;
  scheduled?: boolean;
  releaseAt?: Date;
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
      /** `removed` for a line taken off the order; else null. */
      reason: string | null;
      /** The order's new total, on a removal (the only item change that moves it). */
      totalAmount: Money | null;
    }
  | {
      type: 'order.item_quantity_changed';
      sequence: number;
      at: Date;
      actor: string;
      plu: string;
      from: number;
      to: number;
      totalAmount: Money;
    }
  | { type: 'order.updated'; sequence: number; at: Date; actor: string; changes: DetailChanges }
  | {
      type: 'order.items_added';
      sequence: number;
      at: Date;
      actor: string;
      /** The lines as the command added them: new ones, and quantities added to lines already there. */
      lines: LineInput[];
      /** The plus of the lines that are new, which start QUEUED. */
      newPlus: string[];
      totalAmount: Money;
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
