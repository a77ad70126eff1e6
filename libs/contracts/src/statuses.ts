/** Wire names of order statuses, in the order of their numeric storage codes (1-based). */
export const ORDER_STATUSES = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP', 'REJECTED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ITEM_STATUSES = ['QUEUED', 'PREPARING', 'READY', 'CANCELLED'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const orderStatusCode = (status: OrderStatus): number => ORDER_STATUSES.indexOf(status) + 1;

export function orderStatusFromCode(code: number): OrderStatus {
  const status = ORDER_STATUSES[code - 1];
  if (!status) throw new RangeError(`unknown order status code ${code}`);
  return status;
}

export const itemStatusCode = (status: ItemStatus): number => ITEM_STATUSES.indexOf(status) + 1;

export function itemStatusFromCode(code: number): ItemStatus {
  const status = ITEM_STATUSES[code - 1];
  if (!status) throw new RangeError(`unknown item status code ${code}`);
  return status;
}
