import type { OrderMessageMap, OrderMessagePattern } from '#contracts';

export const ORDERS_CLIENT = Symbol('ORDERS_CLIENT');

/** How the gateway's HTTP layer talks to the orders service (implemented over RabbitMQ in libs/messaging). */
export interface OrdersClient {
  /** Publishes the command durably (resolves `queued` once the broker confirmed it), then waits up to waitMs for the answer. */
  command<P extends OrderMessagePattern>(
    pattern: P,
    payload: OrderMessageMap[P]['payload'],
    waitMs: number,
  ): Promise<{ answered: true; result: OrderMessageMap[P]['result'] } | { answered: false }>;
  /** A query: throws a ServiceUnavailable-type error when no answer within the RPC timeout. */
  query<P extends OrderMessagePattern>(pattern: P, payload: OrderMessageMap[P]['payload']): Promise<OrderMessageMap[P]['result']>;
}
