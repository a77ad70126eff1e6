import type { ItemStatus, OrderStatus } from './statuses.js';

/** An order as `GET /v1/orders/{id}` returns it and as `order.created` carries it. */
export interface OrderView {
  id: string;
  channelOrderId: string;
  brandId: string;
  account: string | null;
  customer: { id: string | null; name: string | null; phoneNumber: string | null };
  deliveryAddress: { city?: string; street?: string; postalCode?: string } | null;
  pickupTime: string | null;
  items: OrderItemView[];
  payments: { reference: string; amount: number }[];
  currency: string | null;
  status: OrderStatus;
  version: number;
  totalAmount: number;
  placedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface OrderItemView {
  plu: string;
  name: string;
  quantity: number;
  unitPrice: number | null;
  status: ItemStatus;
}

export interface OrderHistoryView {
  order: { status: OrderStatus; at: string; reason?: string; actor?: string }[];
  items: Record<string, { status: ItemStatus; at: string; reason?: string; actor?: string }[]>;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}
