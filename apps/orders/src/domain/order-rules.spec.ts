import { itemMachine, orderMachine } from '#contracts/rules';
import { after, anOrder, ORDER_ID } from './order.fixtures.js';
import { advanced, nextInstant, transitionRefusal, versionRefusal } from './order-rules.js';

describe('the rules of every change', () => {
  it('applies a command naming a version only to that version', () => {
    const order = anOrder({ version: 3 });
    expect(versionRefusal(order, undefined)).toBeNull();
    expect(versionRefusal(order, 3)).toBeNull();
    expect(versionRefusal(order, 2)).toEqual({
      ok: false,
      error: {
        code: 'version_mismatch',
        currentVersion: 3,
        detail: `Order ${ORDER_ID} is at version 3, not the one If-Match names; reload it and retry.`,
      },
    });
  });

  it('refuses a move the machine does not allow, naming what it allows, or that the state is final', () => {
    expect(transitionRefusal(orderMachine, 'Order 1', 'PLACED', 'ACCEPTED')).toBeNull();
    expect(transitionRefusal(orderMachine, 'Order 1', 'PLACED', 'READY')).toEqual({
      ok: false,
      error: {
        code: 'illegal_transition',
        from: 'PLACED',
        to: 'READY',
        allowed: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
        detail: 'Order 1 cannot go from PLACED to READY; allowed: ACCEPTED, REJECTED, CANCELLED.',
      },
    });
    expect(transitionRefusal(itemMachine, 'Item P', 'READY', 'QUEUED')).toMatchObject({
      error: { allowed: [], detail: 'Item P cannot go from READY to QUEUED; allowed: none (READY is final).' },
    });
  });

  it('never lets history run backwards: a clock behind the last change is taken as that change', () => {
    const order = anOrder({ lastChangeAt: after(1_000) });
    expect(nextInstant(order, after(500))).toEqual(after(1_000));
    expect(nextInstant(order, after(2_000))).toEqual(after(2_000));
  });

  it('moves the version on by one and the sequence by the events of the change', () => {
    const order = anOrder({ version: 2, lastSequence: 5 });
    expect(advanced(order, after(1), after(2), 3)).toEqual({
      ...order,
      version: 3,
      lastSequence: 8,
      lastChangeAt: after(1),
      updatedAt: after(2),
    });
  });
});
