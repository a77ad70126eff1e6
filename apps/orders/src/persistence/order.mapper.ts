import { itemStatusFromCode, orderStatusFromCode, type OrderView } from '#contracts';
import type { AddressJson, CustomerJson } from './order.entity.js';

/** One order with its lines, as ORDER_VIEW_SELECT returns it. */
export interface OrderViewRow {
  id: string;
  channel_order_id: string;
  brand_id: string;
  account: string | null;
  customer: CustomerJson;
  delivery_address: AddressJson | null;
  pickup_time: Date | null;
  currency: string | null;
  status: number;
  version: number;
  total_amount: string;
  placed_at: Date;
  created_at: Date;
  updated_at: Date;
  items: { plu: string; name: string; quantity: number; unitPrice: number | string | null; status: number }[];
  payments: { reference: string; amount: number | string }[];
}

export const ORDER_VIEW_COLUMNS = `
  o.id, o.channel_order_id, o.brand_id, o.account, o.customer, o.delivery_address, o.pickup_time,
  o.currency, o.status, o.version, o.total_amount, o.placed_at, o.created_at, o.updated_at,
  coalesce((SELECT json_agg(json_build_object('plu', i.plu, 'name', i.name, 'quantity', i.quantity,
                                              'unitPrice', i.unit_price, 'status', i.status) ORDER BY i.line_no)
              FROM orders.order_items i WHERE i.order_id = o.id), '[]') AS items,
  coalesce((SELECT json_agg(json_build_object('reference', p.reference, 'amount', p.amount) ORDER BY p.line_no)
              FROM orders.payments p WHERE p.order_id = o.id), '[]') AS payments`;

/** Append a WHERE clause; the table alias is `o`. */
export const ORDER_VIEW_SELECT = `SELECT ${ORDER_VIEW_COLUMNS} FROM orders.orders o`;

/** pg hands numeric back as a string (it may exceed a double); the contract wants JSON numbers. */
const amount = (value: number | string): number => Number(value);

/** jsonb keeps keys in its own order; answer in the order the contract documents them. */
function address({ city, street, postalCode }: AddressJson): AddressJson {
  return {
    ...(city !== undefined && { city }),
    ...(street !== undefined && { street }),
    ...(postalCode !== undefined && { postalCode }),
  };
}

export function toOrderView(row: OrderViewRow): OrderView {
  return {
    id: row.id,
    channelOrderId: row.channel_order_id,
    brandId: row.brand_id,
    account: row.account,
    customer: {
      id: row.customer.id ?? null,
      name: row.customer.name ?? null,
      phoneNumber: row.customer.phoneNumber ?? null,
    },
    deliveryAddress: row.delivery_address && address(row.delivery_address),
    pickupTime: row.pickup_time?.toISOString() ?? null,
    items: row.items.map((i) => ({
      plu: i.plu,
      name: i.name,
      quantity: i.quantity,
      unitPrice: i.unitPrice === null ? null : amount(i.unitPrice),
      status: itemStatusFromCode(i.status),
    })),
    payments: row.payments.map((p) => ({ reference: p.reference, amount: amount(p.amount) })),
    currency: row.currency,
    status: orderStatusFromCode(row.status),
    version: row.version,
    totalAmount: amount(row.total_amount),
    placedAt: row.placed_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
