import type { ListOrdersQuery } from './messages.js';

/** The columns of `GET /v1/orders/export`, in order (CONTRACT section 10). */
export const ORDER_EXPORT_COLUMNS = [
  'id',
  'channelOrderId',
  'brandId',
  'status',
  'placedAt',
  'fulfillmentMode',
  'itemCount',
  'totalAmount',
  'paidAmount',
  'refundedAmount',
  'currency',
] as const;

/** One exported order: its cells in ORDER_EXPORT_COLUMNS order; amounts as exact decimal strings, null for none. */
export type OrderExportRow = (string | number | null)[];

/** A page of the export: the list's filters, newest createdAt first, from `cursor` on. */
export type ExportOrdersQuery = ListOrdersQuery;

export interface OrderExportPage {
  rows: OrderExportRow[];
  nextCursor: string | null;
}

/** Orders per page of the export: large enough that round trips are a small share, small enough to stay flat in memory. */
export const ORDER_EXPORT_PAGE = 1_000;
