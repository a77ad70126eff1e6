import type { AddItemsCommand, OrderStatus } from '#contracts';
import { addItems } from './add-items.js';
import { Money } from './money.js';
import type { Order } from './order.js';
import { after, anOrder, ORDER_ID } from './order.fixtures.js';

const now = after(30_000);
const channel = { role: 'channel', actor: 'channel:x' };
const command = (items: AddItemsCommand['items']): AddItemsCommand => ({
  orderId: ORDER_ID,
  items,
  caller: channel,
  correlationId: 'c',
});
const burger = { plu: 'P-1', name: 'Burger', quantity: 1, unitPrice: 12.5 };
const soup = (quantity: number): Order => anOrder({}, { items: [{ plu: 'P-1', name: 'Soup', quantity, unitPrice: 7.25 }] });

describe('addItems', () => {
  it('adds a new plu as a QUEUED line and a known plu to its quantity, with one event, the total exact', () => {
    const order = anOrder({ lastSequence: 1 });
    const decided = addItems(order, command([burger, { plu: 'N', name: 'Cola', quantity: 2, unitPrice: 0.1 }]), now);
    if (!decided.ok) throw new Error(decided.error.detail);
    expect(decided.value.order.items.map((i) => [i.plu, i.lineNo, i.quantity, i.status])).toEqual([
      ['P-1', 1, 3, 'QUEUED'],
      ['P-2', 2, 3, 'QUEUED'],
      ['N', 3, 2, 'QUEUED'],
    ]);
    expect(decided.value.order).toMatchObject({ version: 2, lastSequence: 2, lastChangeAt: now, updatedAt: now });
    expect(decided.value.order.totalAmount.toDecimal()).toBe('38.0000');
    expect(decided.value.events).toEqual([
      {
        type: 'order.items_added',
        sequence: 2,
        at: now,
        actor: 'channel:x',
        lines: [
          { plu: 'P-1', name: 'Burger', quantity: 1, unitPrice: Money.fromNumber(12.5) },
          { plu: 'N', name: 'Cola', quantity: 2, unitPrice: Money.fromNumber(0.1) },
        ],
        newPlus: ['N'],
        totalAmount: Money.fromNumber(38),
      },
    ]);
  });

  it.each(['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP', 'REJECTED', 'CANCELLED'] as OrderStatus[])(
    'refuses any add once the order is %s',
    (status) => {
      expect(addItems(anOrder({ status }), command([burger]), now)).toEqual({
        ok: false,
        error: {
          code: 'order_not_open',
          status,
          detail: `Order ${ORDER_ID} is ${status}; items can be added only while it is PLACED.`,
        },
      });
    },
  );

  it.each([
    [{ ...burger, name: 'Other' }, 'its name is "Burger", not "Other"'],
    [{ ...burger, unitPrice: 13 }, 'its unitPrice is 12.5, not 13'],
    [{ ...burger, unitPrice: undefined }, 'its unitPrice is 12.5, not absent'],
  ])('refuses a known plu that is another product: %j', (item, why) => {
    expect(addItems(anOrder(), command([item]), now)).toEqual({
      ok: false,
      error: {
        code: 'item_mismatch',
        plu: 'P-1',
        detail: `Item P-1 is already on order ${ORDER_ID} and ${why}; send a new plu for a different line.`,
      },
    });
  });

  it('refuses a known plu no longer QUEUED', () => {
    const order = anOrder();
    const preparing = { ...order, items: order.items.map((i) => ({ ...i, status: 'PREPARING' as const })) };
    expect(addItems(preparing, command([burger]), now)).toMatchObject({
      error: { code: 'item_mismatch', detail: expect.stringContaining('it is already PREPARING') },
    });
  });

  it('lets an order reach the limits exactly', () => {
    expect(addItems(soup(2), command([{ plu: 'P-1', name: 'Soup', quantity: 9_998, unitPrice: 7.25 }]), now).ok).toBe(true);
    const lines = Array.from({ length: 199 }, (_, i) => ({ plu: `N-${i}`, name: 'x', quantity: 1 }));
    expect(addItems(soup(2), command(lines), now).ok).toBe(true);
    expect(addItems(soup(2), command([{ plu: 'N', name: 'x', quantity: 1, unitPrice: 999_999_985.5 }]), now).ok).toBe(true);
  });

  it('names the field that would break a limit', () => {
    expect(addItems(soup(2), command([{ plu: 'P-1', name: 'Soup', quantity: 9_999, unitPrice: 7.25 }]), now)).toEqual({
      ok: false,
      error: {
        code: 'limit_exceeded',
        field: 'items.0.quantity',
        detail: 'Item P-1 has quantity 2; adding 9999 would exceed 10,000.',
      },
    });
    const lines = Array.from({ length: 200 }, (_, i) => ({ plu: `N-${i}`, name: 'x', quantity: 1 }));
    expect(addItems(soup(2), command(lines), now)).toEqual({
      ok: false,
      error: { code: 'limit_exceeded', field: 'items', detail: 'The order has 1 lines; with 200 more it would exceed 200.' },
    });
    expect(addItems(soup(2), command([{ plu: 'N', name: 'x', quantity: 1, unitPrice: 999_999_985.5001 }]), now)).toEqual({
      ok: false,
      error: { code: 'limit_exceeded', field: 'items', detail: "With these items the order's total would exceed 1,000,000,000." },
    });
  });

  it('never lets history run backwards', () => {
    const last = after(60_000);
    const decided = addItems(anOrder({ lastChangeAt: last }), command([burger]), now);
    expect(decided.ok && decided.value.events[0]!.at).toEqual(last);
  });
});
