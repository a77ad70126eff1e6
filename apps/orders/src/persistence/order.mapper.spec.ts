import { addItems } from '../domain/add-items.js';
import { changeStatus } from '../domain/change-status.js';
import { Money } from '../domain/money.js';
import { after, anOrder, createCommand, ORDER_ID, PLACED_AT, staff } from '../domain/order.fixtures.js';
import { placeOrder } from '../domain/place-order.js';
import { addedAtOf, historyOf, toOrder, type OrderRow } from './order.mapper.js';

const row: OrderRow = {
  id: ORDER_ID,
  channel_order_id: 'CH-1',
  brand_id: 'b',
  account: null,
  customer_id: 'c-42',
  customer: { id: 'c-42' },
  delivery_address: null,
  fulfillment: null,
  pickup_time: null,
  currency: 'EUR',
  status: 4,
  version: 5,
  last_sequence: 7,
  total_amount: '25.3000',
  placed_at: PLACED_AT,
  created_at: PLACED_AT,
  updated_at: after(10),
  backfilled: false,
  scheduled: false,
  release_at: null,
  accepted_at: null,
  promised_ready_at: null,
  last_change_at: after(5),
  items: [{ plu: 'P', lineNo: 1, name: 'p', quantity: 2, unitPrice: '12.6500', status: 3, removed: false }],
  payments: [{ reference: 'pay', amount: '25.3000' }],
  refunds: [],
};

describe('order rows ↔ the order aggregate', () => {
  it('reads status codes as names and numeric text as exact Money', () => {
    const order = toOrder(row);
    expect(order).toMatchObject({ status: 'READY', version: 5, lastSequence: 7, lastChangeAt: after(5) });
    expect(order.items).toEqual([
      { plu: 'P', lineNo: 1, name: 'p', quantity: 2, unitPrice: Money.parse('12.65'), status: 'READY', removed: false },
    ]);
    expect(order.totalAmount.equals(Money.fromNumber(25.3))).toBe(true);
    expect(toOrder({ ...row, items: [{ ...row.items[0]!, unitPrice: null }] }).items[0]!.unitPrice).toBeNull();
  });

  it('stores a new order as its PLACED entry and one QUEUED entry per item, these without a sequence', () => {
    const placed = placeOrder(createCommand(), PLACED_AT);
    if (!placed.ok) throw new Error(placed.error.detail);
    const entry = { orderId: ORDER_ID, at: PLACED_AT, reason: null, actor: 'channel:test', fromStatus: null };
    expect(historyOf(placed.value.order, placed.value.events)).toEqual([
      { ...entry, plu: null, toStatus: 1, sequence: 1 },
      { ...entry, plu: 'P-1', toStatus: 1, sequence: null },
      { ...entry, plu: 'P-2', toStatus: 1, sequence: null },
    ]);
  });

  it('stores a status change with its reason, the cascade without, and no entry for a refund', () => {
    const decided = changeStatus(
      anOrder(),
      { orderId: ORDER_ID, status: 'CANCELLED', reason: 'gone', caller: staff, correlationId: 'c' },
      after(1),
    );
    if (!decided.ok) throw new Error(decided.error.detail);
    const entry = { orderId: ORDER_ID, at: after(1), actor: 'staff:anna' };
    expect(historyOf(decided.value.order, decided.value.events)).toEqual([
      { ...entry, plu: null, fromStatus: 1, toStatus: 7, reason: 'gone', sequence: 2 },
      { ...entry, plu: 'P-1', fromStatus: 1, toStatus: 4, reason: null, sequence: 3 },
      { ...entry, plu: 'P-2', fromStatus: 1, toStatus: 4, reason: null, sequence: 4 },
    ]);
  });

  it('stores QUEUED entries for the new lines of an add only, added when the add happened', () => {
    const items = [
      { plu: 'P-1', name: 'Burger', quantity: 1, unitPrice: 12.5 },
      { plu: 'N', name: 'New', quantity: 1 },
    ];
    const decided = addItems(anOrder(), { orderId: ORDER_ID, items, caller: staff, correlationId: 'c' }, after(2));
    if (!decided.ok) throw new Error(decided.error.detail);
    expect(historyOf(decided.value.order, decided.value.events)).toEqual([
      {
        orderId: ORDER_ID,
        plu: 'N',
        fromStatus: null,
        toStatus: 1,
        at: after(2),
        reason: null,
        actor: 'staff:anna',
        sequence: 2,
      },
    ]);
    const addedAt = addedAtOf(decided.value.events, PLACED_AT);
    expect([addedAt('N'), addedAt('P-1')]).toEqual([after(2), PLACED_AT]);
  });
});
