import type { OrderEvent } from './order.js';
import { reachedTerminalAt } from './terminal-at.js';

describe('reachedTerminalAt', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 12, minute));
  const moved = (to: 'ACCEPTED' | 'CANCELLED' | 'PICKED_UP', minute: number, from = 'PLACED' as const): OrderEvent => ({
    type: 'order.status_changed',
    sequence: minute,
    at: at(minute),
    actor: 'staff',
    from,
    to,
    reason: null,
  });

  it('is the time of the change into a terminal status', () => {
    expect(reachedTerminalAt([moved('ACCEPTED', 1), moved('CANCELLED', 2)])).toEqual(at(2));
  });

  it('stays that time when a refund follows in the same batch', () => {
    const refund: OrderEvent = {
      type: 'refund.requested',
      sequence: 3,
      at: at(9),
      refund: {} as Extract<OrderEvent, { type: 'refund.requested' }>['refund'],
    };
    expect(reachedTerminalAt([moved('PICKED_UP', 2), refund])).toEqual(at(2));
  });

  it('is null when no event ends the order', () => {
    expect(reachedTerminalAt([moved('ACCEPTED', 1)])).toBeNull();
    expect(reachedTerminalAt([])).toBeNull();
  });
});
