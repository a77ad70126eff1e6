import type { CreateOrderDto } from './dto/create-order.dto.js';
import type { OrderHistoryView, OrderPage, OrderView } from './order.view.js';
import type { OrderStatus } from './statuses.js';

/** Queues and patterns of the gateway -> orders request/response messages. */
export const ORDERS_COMMAND_QUEUE = 'orders.commands';
export const ORDERS_QUERY_QUEUE = 'orders.queries';

export const OrderCommands = {
  create: 'orders.create',
  changeStatus: 'orders.change-status',
} as const;

export const OrderQueries = {
  get: 'orders.get',
  list: 'orders.list',
  history: 'orders.history',
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
  caller: Caller;
  correlationId: string;
}

export interface ChangeStatusCommand {
  orderId: string;
  status: OrderStatus;
  reason?: string;
  at?: string;
  expectedVersion?: number;
  caller: Caller;
  correlationId: string;
}

export interface GetOrderQuery {
  orderId: string;
}

export interface ListOrdersQuery {
  status?: OrderStatus[];
  brandId?: string;
  customerId?: string;
  createdFrom?: string;
  createdTo?: string;
  limit: number;
  cursor?: string;
}

/** Refusals the gateway turns into problem documents; anything else is an infrastructure failure. */
export type DomainError =
  | { code: 'not_found'; detail: string }
  | { code: 'illegal_transition'; detail: string; from: string; to: string; allowed: readonly string[] }
  | { code: 'version_mismatch'; detail: string; currentVersion: number }
  | { code: 'duplicate_payment'; detail: string; reference: string }
  | { code: 'idempotency_conflict'; detail: string }
  | { code: 'invalid_time'; detail: string; field: string }
  | { code: 'invalid_cursor'; detail: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export interface CreateOrderOutcome {
  order: OrderView;
  /** False when an earlier request had already created this order. */
  created: boolean;
}

export interface OrderMessageMap {
  [OrderCommands.create]: { payload: CreateOrderCommand; result: Result<CreateOrderOutcome> };
  [OrderCommands.changeStatus]: { payload: ChangeStatusCommand; result: Result<OrderView> };
  [OrderQueries.get]: { payload: GetOrderQuery; result: Result<OrderView> };
  [OrderQueries.list]: { payload: ListOrdersQuery; result: Result<OrderPage> };
  [OrderQueries.history]: { payload: GetOrderQuery; result: Result<OrderHistoryView> };
}
export type OrderMessagePattern = keyof OrderMessageMap;
