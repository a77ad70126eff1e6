import type { BrandScope } from './analytics.js';
import type { AvailabilityMessageMap } from './brand-availability.messages.js';
import type { ChangeOrderDto } from './dto/change-order.dto.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import type { OrderItemDto } from './dto/create-order.dto.js';
import type { ExportOrdersQuery, OrderExportPage } from './order-export.js';
import type { OrderHistoryView, OrderPage, OrderView } from './order.view.js';
import type { RefundOutcome, RefundPage, RefundStatus, RefundView } from './refunds.js';
import type { ItemStatus, OrderStatus } from './statuses.js';
import type { TrackingView } from './tracking.js';

/** Queues and patterns of the gateway -> orders request/response messages. */
export const ORDERS_COMMAND_QUEUE = 'orders.commands';
export const ORDERS_QUERY_QUEUE = 'orders.queries';

export const OrderCommands = {
  create: 'orders.create',
  changeStatus: 'orders.change-status',
  changeItemStatus: 'orders.change-item-status',
  addItems: 'orders.add-items',
  changePromisedTime: 'orders.change-promised-time',
  changeOrder: 'orders.change-order',
  changeItemQuantity: 'orders.change-item-quantity',
  requestRefund: 'orders.request-refund',
  updateRefund: 'refunds.update',
} as const;

export const OrderQueries = {
  get: 'orders.get',
  list: 'orders.list',
  history: 'orders.history',
  exportPage: 'orders.export-page',
  listRefunds: 'refunds.list',
  track: 'orders.track',
} as const;

/** Who asked: recorded as the history entry's actor. */
export interface Caller {
  role: string;
  actor: string;
}

export interface CreateOrderCommand {
  orderId: string;
  order: CreateOrderDto;
  /** A backfilled `placedAt` (admin/internal only, checked by the gateway). */
  placedAt?: string;
  idempotencyKey?: string;
  /** SHA-256 of the canonical request body, to tell a retry from a reuse of the key. */
  requestHash: string;
  /** Minted by the gateway so that a 202 can carry it; its digest is stored with the order, whether this command creates it or retries it. */
  trackingToken: string;
  caller: Caller;
  correlationId: string;
}

/** `GET /v1/track/{token}`: the SHA-256 (hex) of the token, which never leaves the gateway. */
export interface TrackOrderQuery {
  tokenDigest: string;
}

/** A tracked order: its id (for the gateway to follow its events, never shown) and what the link shows. */
export interface TrackedOrder {
  orderId: string;
  view: TrackingView;
}

/*
 * Every message about existing orders carries the caller's brand scope (`brandIds`, set only for a
 * brand-scoped key): the orders service treats an order outside it as unknown and lists only
 * orders (and refunds) within it.
 */

/**
 * A change's optional `Idempotency-Key` and the SHA-256 of the request it came with (body, path
 * and If-Match): the orders service keeps the answer under the key, scoped to the caller and the
 * route's target, and answers a retry with it.
 */
export interface Idempotent {
  idempotencyKey?: string;
  requestHash?: string;
}

export interface ChangeStatusCommand extends BrandScope, Idempotent {
  orderId: string;
  status: OrderStatus;
  reason?: string;
  at?: string;
  /** Only with ACCEPTED: minutes to prepare (else the brand's estimate). */
  prepMinutes?: number;
  expectedVersion?: number;
  /** Apply only while the order is still in this status (the acceptance timeout: PLACED). */
  expectedStatus?: OrderStatus;
  caller: Caller;
  correlationId: string;
}

export interface ChangePromisedTimeCommand extends BrandScope, Idempotent {
  orderId: string;
  promisedReadyAt: string;
  reason?: string;
  expectedVersion?: number;
  caller: Caller;
  correlationId: string;
}

export interface ChangeItemStatusCommand extends BrandScope, Idempotent {
  orderId: string;
  plu: string;
  status: ItemStatus;
  expectedVersion?: number;
  caller: Caller;
  correlationId: string;
}

/** `PATCH /v1/orders/{id}`: the fields given, as the DTO validated them. */
export interface ChangeOrderCommand extends BrandScope, Idempotent {
  orderId: string;
  changes: ChangeOrderDto;
  expectedVersion?: number;
  caller: Caller;
  correlationId: string;
}

export interface ChangeItemQuantityCommand extends BrandScope, Idempotent {
  orderId: string;
  plu: string;
  /** 0 removes the line. */
  quantity: number;
  expectedVersion?: number;
  caller: Caller;
  correlationId: string;
}

/** A goodwill refund of one payment of the order. */
export interface RequestRefundCommand extends BrandScope, Idempotent {
  orderId: string;
  amount: number;
  paymentReference?: string;
  reason: string;
  expectedVersion?: number;
  caller: Caller;
  correlationId: string;
}

export interface AddItemsCommand extends BrandScope, Idempotent {
  orderId: string;
  items: OrderItemDto[];
  caller: Caller;
  correlationId: string;
}

/** An order the acceptance sweep found past its time. */
export interface AcceptanceTimeoutCommand {
  orderId: string;
}

export interface UpdateRefundCommand extends BrandScope, Idempotent {
  refundId: string;
  status: RefundOutcome;
  caller: Caller;
  correlationId: string;
}

export interface ListRefundsQuery extends BrandScope {
  status?: RefundStatus;
  orderId?: string;
  limit: number;
  cursor?: string;
}

export interface GetOrderQuery extends BrandScope {
  orderId: string;
}

export interface ListOrdersQuery extends BrandScope {
  status?: OrderStatus[];
  brandId?: string;
  customerId?: string;
  createdFrom?: string;
  createdTo?: string;
  limit: number;
  cursor?: string;
  /** Archived orders as well (CONTRACT section 10); skipped by default. */
  includeArchived?: boolean;
}

/** Refusals the gateway turns into problem documents; anything else is an infrastructure failure. */
export type DomainError =
  | { code: 'not_found'; detail: string }
  | { code: 'illegal_transition'; detail: string; from: string; to: string; allowed: readonly string[] }
  | { code: 'version_mismatch'; detail: string; currentVersion: number }
  | { code: 'duplicate_payment'; detail: string; reference: string }
  | { code: 'idempotency_conflict'; detail: string }
  | { code: 'invalid_time'; detail: string; field: string }
  /** A field that does not fit the rest of the input (a table without DINE_IN, an address without DELIVERY). */
  | { code: 'invalid_input'; detail: string; field: string }
  /** The change would break a per-order limit of the contract (lines, quantity, total). */
  | { code: 'limit_exceeded'; detail: string; field: string }
  | { code: 'invalid_cursor'; detail: string }
  | { code: 'order_not_open'; detail: string; status: string }
  /** A promised ready time moves only while the order is ACCEPTED or PREPARING. */
  | { code: 'promise_not_open'; detail: string; status: string }
  | { code: 'item_mismatch'; detail: string; plu: string }
  /** A quantity changes, and a line is removed, only while the item is QUEUED. */
  | { code: 'item_not_open'; detail: string; plu: string; status: string }
  /** A goodwill refund beyond what is left, of an order without payments, or larger than any one payment has left. */
  | { code: 'refund_not_possible'; detail: string; field: string }
  | { code: 'refund_not_pending'; detail: string; status: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export interface CreateOrderOutcome {
  order: OrderView;
  /** False when an earlier request had already created this order. */
  created: boolean;
  /** The command's own tracking token, now one of the order's. */
  trackingToken: string;
}

export interface OrderMessageMap extends AvailabilityMessageMap {
  [OrderCommands.create]: { payload: CreateOrderCommand; result: Result<CreateOrderOutcome> };
  [OrderCommands.changeStatus]: { payload: ChangeStatusCommand; result: Result<OrderView> };
  [OrderQueries.get]: { payload: GetOrderQuery; result: Result<OrderView> };
  /** Null for an unknown token and for an order whose link has expired: the gateway answers both alike. */
  [OrderQueries.track]: { payload: TrackOrderQuery; result: TrackedOrder | null };
  [OrderQueries.list]: { payload: ListOrdersQuery; result: Result<OrderPage> };
  [OrderQueries.history]: { payload: GetOrderQuery; result: Result<OrderHistoryView> };
  [OrderCommands.changeItemStatus]: { payload: ChangeItemStatusCommand; result: Result<OrderView> };
  [OrderCommands.addItems]: { payload: AddItemsCommand; result: Result<OrderView> };
  [OrderCommands.changePromisedTime]: { payload: ChangePromisedTimeCommand; result: Result<OrderView> };
  [OrderCommands.changeOrder]: { payload: ChangeOrderCommand; result: Result<OrderView> };
  [OrderCommands.changeItemQuantity]: { payload: ChangeItemQuantityCommand; result: Result<OrderView> };
  [OrderCommands.requestRefund]: { payload: RequestRefundCommand; result: Result<RefundView> };
  [OrderCommands.updateRefund]: { payload: UpdateRefundCommand; result: Result<RefundView> };
  [OrderQueries.listRefunds]: { payload: ListRefundsQuery; result: Result<RefundPage> };
  [OrderQueries.exportPage]: { payload: ExportOrdersQuery; result: Result<OrderExportPage> };
}
export type OrderMessagePattern = keyof OrderMessageMap;
