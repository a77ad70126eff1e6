import { ORDER_STATUSES, ORDER_TRANSITIONS } from '#contracts/rules';
import type { ChangeStatusCommand, OrderStatus } from '#contracts';
import { changeStatus } from './change-status.js';
import { after, anOrder, ORDER_ID, PLACED_AT, staff } from './order.fixtures.js';

const now = after(60_000);
const command = (status: OrderStatus, extra: Partial<ChangeStatusCommand> = {}): ChangeStatusCommand => ({
  orderId: ORDER_ID,
  status,
  caller: staff,
  correlationId: 'corr',
  ...extra,
});
const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

describe('changeStatus', () => {
  it.each(pairs.filter(([from, to]) => ORDER_TRANSITIONS[from].includes(to)))('moves %s to %s', (from, to) => {
    const order = anOrder({ status: from, version: 3, lastSequence: 4 });
    const decided = changeStatus(order, command(to, { reason: 'why' }), now);
    if (!decided.ok) throw new Error(decided.error.detail);
    expect(decided.value.order).toMatchObject({ status: to, version: 4, lastChangeAt: now, updatedAt: now });
    expect(decided.value.order.lastSequence).toBe(4 + decided.value.events.length);
    expect(decided.value.events[0]).toEqual({
      type: 'order.status_changed',
      sequence: 5,
      at: now,
      actor: 'staff:anna',
      from,
      to,
      reason: 'why',
    });
    expect(decided.value.events.map((e) => e.sequence)).toEqual(decided.value.events.map((_, i) => 5 + i));
  });

  it.each(pairs.filter(([from, to]) => !ORDER_TRANSITIONS[from].includes(to)))(
    'refuses %s to %s, naming what is allowed',
    (from, to) => {
      expect(changeStatus(anOrder({ status: from }), command(to), now)).toEqual({
        ok: false,
        error: {
          code: 'illegal_transition',
          from,
          to,
          allowed: ORDER_TRANSITIONS[from],
          detail: expect.stringMatching(new RegExp(`^Order ${ORDER_ID} cannot go`)),
        },
      });
    },
  );

  it('refuses a stale expectedVersion with the current one, before anything else', () => {
    expect(changeStatus(anOrder({ version: 2, status: 'PICKED_UP' }), command('ACCEPTED', { expectedVersion: 1 }), now)).toEqual({
      ok: false,
      error: {
        code: 'version_mismatch',
        currentVersion: 2,
        detail: `Order ${ORDER_ID} is at version 2, not the one If-Match names; reload it and retry.`,
      },
    });
    expect(changeStatus(anOrder({ version: 2 }), command('ACCEPTED', { expectedVersion: 2 }), now).ok).toBe(true);
  });

  it('refuses when the order left the expected status, even for a move the table allows from there', () => {
    expect(changeStatus(anOrder({ status: 'ACCEPTED' }), command('CANCELLED', { expectedStatus: 'PLACED' }), now)).toEqual({
      ok: false,
      error: {
        code: 'illegal_transition',
        from: 'ACCEPTED',
        to: 'CANCELLED',
        allowed: ['PREPARING', 'CANCELLED'],
        detail: `Order ${ORDER_ID} is ACCEPTED, no longer PLACED; nothing changed.`,
      },
    });
  });

  it('never lets history run backwards: behind the last change, the change happens at the last change', () => {
    const last = after(120_000);
    const decided = changeStatus(anOrder({ lastChangeAt: last }), command('ACCEPTED'), now);
    expect(decided.ok && decided.value.order).toMatchObject({ lastChangeAt: last, updatedAt: now });
    expect(decided.ok && decided.value.events[0]!.at).toEqual(last);
  });

  describe('a backfilled at', () => {
    const importer = { role: 'internal', actor: 'importer' };
    it('is when the change happened, even at the instant of the last change', () => {
      const decided = changeStatus(anOrder(), command('ACCEPTED', { at: PLACED_AT.toISOString(), caller: importer }), now);
      expect(decided.ok && decided.value.events[0]).toMatchObject({ at: PLACED_AT, actor: 'importer' });
      expect(decided.ok && decided.value.order.updatedAt).toEqual(now);
    });

    it.each([
      [after(1, now).toISOString(), 'at must be a past instant'],
      ['not a time', 'at must be a past instant'],
      [after(-1).toISOString(), "is before the order's previous change"],
    ])('refuses %s', (at, detail) => {
      expect(changeStatus(anOrder(), command('ACCEPTED', { at }), now)).toEqual({
        ok: false,
        error: { code: 'invalid_time', field: 'at', detail: expect.stringContaining(detail) },
      });
    });
  });

  describe('cascades to the items', () => {
    const withItems = (status: OrderStatus) =>
      anOrder(
        { status },
        {
          items: [
            { plu: 'Q', name: 'q', quantity: 1 },
            { plu: 'P', name: 'p', quantity: 1 },
            { plu: 'R', name: 'r', quantity: 1 },
            { plu: 'C', name: 'c', quantity: 1 },
          ],
        },
      );
    const mixed = (status: OrderStatus) => {
      const order = withItems(status);
      const statuses = { Q: 'QUEUED', P: 'PREPARING', R: 'READY', C: 'CANCELLED' } as const;
      return { ...order, items: order.items.map((i) => ({ ...i, status: statuses[i.plu as keyof typeof statuses] })) };
    };

    it.each([
      ['PREPARING', 'READY', ['READY', 'READY', 'READY', 'CANCELLED'], ['Q', 'P']],
      ['PLACED', 'REJECTED', ['CANCELLED', 'CANCELLED', 'READY', 'CANCELLED'], ['Q', 'P']],
      ['READY', 'CANCELLED', ['CANCELLED', 'CANCELLED', 'READY', 'CANCELLED'], ['Q', 'P']],
      ['PLACED', 'ACCEPTED', ['QUEUED', 'PREPARING', 'READY', 'CANCELLED'], []],
      ['ACCEPTED', 'PREPARING', ['QUEUED', 'PREPARING', 'READY', 'CANCELLED'], []],
      ['READY', 'PICKED_UP', ['QUEUED', 'PREPARING', 'READY', 'CANCELLED'], []],
    ] as const)('%s to %s leaves the items %j, with an event for each moved one', (from, to, statuses, moved) => {
      const order = mixed(from);
      const decided = changeStatus(order, command(to), now);
      if (!decided.ok) throw new Error(decided.error.detail);
      expect(decided.value.order.items.map((i) => i.status)).toEqual(statuses);
      const itemEvents = decided.value.events.filter((e) => e.type === 'order.item_status_changed');
      expect(itemEvents).toEqual(
        moved.map((plu, i) => ({
          type: 'order.item_status_changed',
          sequence: order.lastSequence + 2 + i,
          at: now,
          actor: 'staff:anna',
          plu,
          from: order.items.find((item) => item.plu === plu)!.status,
          to: statuses[order.items.findIndex((item) => item.plu === plu)],
          reason: null,
          totalAmount: null,
        })),
      );
    });
  });

  it('refunds every payment when rejected or cancelled, numbered after the cascade', () => {
    const order = anOrder({ lastSequence: 2 });
    const decided = changeStatus(order, command('CANCELLED'), now);
    if (!decided.ok) throw new Error(decided.error.detail);
    expect(decided.value.events.map((e) => [e.sequence, e.type])).toEqual([
      [3, 'order.status_changed'],
      [4, 'order.item_status_changed'],
      [5, 'order.item_status_changed'],
      [6, 'refund.requested'],
      [7, 'refund.requested'],
    ]);
    expect(decided.value.order.lastSequence).toBe(7);
  });
});
