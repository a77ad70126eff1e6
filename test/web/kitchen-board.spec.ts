import type { OrderStatus, OrderView } from '#contracts';
import { awaitingRelease, type Card, fulfillmentLabel, refundNotice } from '../../web/kitchen/board-model.js';
import { boardReducer, EMPTY_BOARD } from '../../web/kitchen/orders-store.js';

const card = (id: string, status: OrderStatus, version: number, seenAt = 0, statusSince = '2026-11-29T10:00:00.000Z'): Card => ({
  order: { id, status, version } as OrderView,
  statusSince,
  seenAt,
});

describe('kitchen board store', () => {
  it('keeps the higher version when answers about an order cross', () => {
    const newer = boardReducer(EMPTY_BOARD, { type: 'card', card: card('a', 'PREPARING', 3) });
    const after = boardReducer(newer, { type: 'card', card: card('a', 'ACCEPTED', 2) });
    expect(after.cards.a!.order.status).toBe('PREPARING');
  });

  it('a list replaces the active orders, but keeps what was learned after it was asked for and the finished ones', () => {
    let state = EMPTY_BOARD;
    for (const c of [card('gone', 'ACCEPTED', 2, 100), card('new', 'PLACED', 1, 300), card('done', 'PICKED_UP', 6, 100)]) {
      state = boardReducer(state, { type: 'card', card: c });
    }
    state = boardReducer(state, { type: 'listed', cards: [card('listed', 'READY', 5, 250)], listedAt: 200 });
    expect(Object.keys(state.cards).sort()).toEqual(['done', 'listed', 'new']);
  });

  it('forgets finished orders once they have been out of view long enough, and only those', () => {
    let state = EMPTY_BOARD;
    for (const c of [
      card('old', 'REJECTED', 2, 0, '2026-11-29T10:00:00.000Z'),
      card('recent', 'CANCELLED', 2, 0, '2026-11-29T10:20:00.000Z'),
      card('waiting', 'PLACED', 1, 0, '2026-11-29T09:00:00.000Z'),
    ]) {
      state = boardReducer(state, { type: 'card', card: c });
    }
    state = boardReducer(state, { type: 'prune', before: Date.parse('2026-11-29T10:10:00.000Z') });
    expect(Object.keys(state.cards).sort()).toEqual(['recent', 'waiting']);
  });

  it('tells staff the refund a removal requested, and nothing when a change refunded nothing', () => {
    const before = { refundedAmount: 0, totalAmount: 25.3 } as OrderView;
    expect(refundNotice(before, { ...before, refundedAmount: 0.3, totalAmount: 25 })).toBe(
      'Refund of 0.30 requested; the order now totals 25.00.',
    );
    expect(refundNotice(before, { ...before, totalAmount: 24 })).toBeNull();
  });
});

describe('what a card says of how and when the order goes', () => {
  const order = (o: Partial<OrderView>) => ({ status: 'PLACED', scheduled: false, ...o }) as OrderView;

  it('names the table, the car, or the mode', () => {
    expect(fulfillmentLabel(order({ fulfillment: { mode: 'DINE_IN', table: '12' } }))).toBe('Table 12');
    expect(fulfillmentLabel(order({ fulfillment: { mode: 'CURBSIDE', vehicle: 'Blue Volvo' } }))).toBe('Curbside: Blue Volvo');
    expect(fulfillmentLabel(order({ fulfillment: { mode: 'CURBSIDE' } }))).toBe('Curbside');
    expect(fulfillmentLabel(order({ fulfillment: { mode: 'DELIVERY' } }))).toBe('Delivery');
    expect(fulfillmentLabel(order({ fulfillment: { mode: 'PICKUP' } }))).toBe('Pickup');
  });

  it('keeps a scheduled PLACED order apart until its release, and no other', () => {
    const releaseAt = '2026-12-03T12:00:00.000Z';
    const at = (iso: string) => Date.parse(iso);
    expect(awaitingRelease(order({ scheduled: true, releaseAt }), at('2026-12-03T11:59:59.999Z'))).toBe(true);
    expect(awaitingRelease(order({ scheduled: true, releaseAt }), at(releaseAt))).toBe(false);
    expect(awaitingRelease(order({ scheduled: true, releaseAt, status: 'ACCEPTED' }), at('2026-12-03T11:00:00Z'))).toBe(false);
    expect(awaitingRelease(order({ scheduled: false, releaseAt }), at('2026-12-03T11:00:00Z'))).toBe(false);
  });
});
