import type { OrderView } from '#contracts';
import type { Reader } from '#persistence';
import { ORDER_VIEW_SELECT, toOrderView, type OrderViewRow } from './order.mapper.js';

/** Reads shared by the use cases; each takes the connection it must run on (inside a transaction or not). */
export async function findOrderView(sql: Reader, orderId: string): Promise<OrderView | null> {
  const [row] = await sql.rows<OrderViewRow>(`${ORDER_VIEW_SELECT} WHERE o.id = $1`, [orderId]);
  return row ? toOrderView(row) : null;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
