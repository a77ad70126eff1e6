import type { OrderHistoryView, OrderPage, OrderView } from '../../libs/contracts/src/order.view';
import type { ItemStatus, OrderStatus } from '../../libs/contracts/src/statuses';
import { api, ApiError } from '../shared/api';
import { ACTIVE_STATUSES, type Card } from './board-model';

const PAGE_SIZE = 500;
/** A kitchen with more open orders than this has other problems; the board stops reading there. */
const MAX_PAGES = 10;
/** Orders whose history is read at once when the board loads. */
const PARALLEL_READS = 6;

export interface ActiveOrders {
  cards: Card[];
  /** ORDER_ACCEPT_TIMEOUT_MS as the gateway reports it; null when it does not. */
  acceptTimeoutMs: number | null;
  /** Server time minus this tablet's time, when they differ by more than the Date header's precision. */
  clockOffsetMs: number;
}

/** Every order still in the kitchen's hands, each with the time it entered its status. */
export async function readActiveOrders(): Promise<ActiveOrders> {
  const orders: OrderView[] = [];
  let cursor: string | null = null;
  let headers: Headers | undefined;
  for (let page = 0; page < MAX_PAGES && (page === 0 || cursor); page++) {
    const query = new URLSearchParams(ACTIVE_STATUSES.map((s) => ['status', s]));
    query.set('limit', String(PAGE_SIZE));
    if (cursor) query.set('cursor', cursor);
    const res: { body: OrderPage; headers: Headers } = await api<OrderPage>(`/v1/orders?${query.toString()}`);
    headers ??= res.headers;
    orders.push(...res.body.items);
    cursor = res.body.nextCursor;
  }
  const cards = await mapInBatches(orders, PARALLEL_READS, withStatusSince);
  const timeout = Number(headers?.get('Order-Accept-Timeout-Ms'));
  return {
    cards,
    acceptTimeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : null,
    clockOffsetMs: clockOffset(headers?.get('Date')),
  };
}

/** The order as it is now, or null when it is gone for this key (unknown, or outside its brands). */
export async function readCard(orderId: string): Promise<Card | null> {
  try {
    const { body } = await api<OrderView>(`/v1/orders/${encodeURIComponent(orderId)}`);
    return await withStatusSince(body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * A change sent only if the order is still at the version the card shows (else 412), with a key of
 * its own so that a retry can never apply it twice. The order as changed, or null when the gateway
 * answered 202: queued, its outcome still to come (the stream brings it).
 */
async function change(card: Card, path: string, body: object): Promise<OrderView | null> {
  const res = await api<OrderView>(`/v1/orders/${encodeURIComponent(card.order.id)}${path}`, {
    method: 'PATCH',
    headers: {
      'Content-Type': 'application/json',
      'If-Match': `"${card.order.version}"`,
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  return res.status === 202 ? null : res.body;
}

/** Moves the order; accepting it may say how many minutes it will take (else the brand's estimate). */
export const changeOrderStatus = (card: Card, to: OrderStatus, prepMinutes?: number) =>
  change(card, '/status', { status: to, ...(prepMinutes === undefined ? {} : { prepMinutes }) });

export const changeItemStatus = (card: Card, plu: string, to: ItemStatus) =>
  change(card, `/items/${encodeURIComponent(plu)}/status`, { status: to });

/** A new order entered PLACED when it was placed; any other status needs the order's history. */
async function withStatusSince(order: OrderView): Promise<Card> {
  if (order.status === 'PLACED') return { order, statusSince: order.placedAt, seenAt: Date.now() };
  const { body: history } = await api<OrderHistoryView>(`/v1/orders/${encodeURIComponent(order.id)}/history`);
  const entered = history.order.findLast((entry) => entry.status === order.status);
  return { order, statusSince: entered?.at ?? order.updatedAt, seenAt: Date.now() };
}

async function mapInBatches<T, R>(values: T[], size: number, map: (value: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < values.length; i += size) results.push(...(await Promise.all(values.slice(i, i + size).map(map))));
  return results;
}

/** The Date header has whole seconds, so only a larger difference is a wrong clock worth correcting. */
function clockOffset(date: string | null | undefined): number {
  const server = date ? Date.parse(date) : NaN;
  if (Number.isNaN(server)) return 0;
  const offset = server + 500 - Date.now();
  return Math.abs(offset) > 2000 ? offset : 0;
}
