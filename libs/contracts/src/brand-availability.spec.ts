import fc from 'fast-check';
import { availabilityAt, type BrandAvailabilityState, intakeRefusal } from './brand-availability.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const online: BrandAvailabilityState = {
  brandId: 'b',
  state: 'ONLINE',
  extraPrepMinutes: null,
  until: null,
  snoozedItems: [],
  sequence: 3,
};

describe('intakeRefusal', () => {
  it('refuses every order of a PAUSED brand, with its until', () => {
    expect(intakeRefusal({ ...online, state: 'PAUSED', until: at(1) }, ['P-1'], NOW)).toEqual({
      kind: 'store_paused',
      until: at(1),
    });
    expect(intakeRefusal({ ...online, state: 'PAUSED' }, [], NOW)).toEqual({ kind: 'store_paused', until: null });
  });

  it('takes orders again once the pause’s until has passed, whether or not its event came', () => {
    expect(intakeRefusal({ ...online, state: 'PAUSED', until: at(0) }, ['P-1'], NOW)).toBeNull();
  });

  it('names exactly the snoozed PLUs an order holds, in the order’s order; expired snoozes do not count', () => {
    const a = {
      ...online,
      snoozedItems: [
        { plu: 'A', until: null },
        { plu: 'B', until: at(-1) },
        { plu: 'C', until: at(60_000) },
      ],
    };
    expect(intakeRefusal(a, ['C', 'B', 'X', 'A'], NOW)).toEqual({ kind: 'items_unavailable', plus: ['C', 'A'] });
    expect(intakeRefusal(a, ['B', 'X'], NOW)).toBeNull();
  });

  it('never refuses an ONLINE or BUSY brand an order without snoozed PLUs', () => {
    fc.assert(
      fc.property(fc.constantFrom('ONLINE' as const, 'BUSY' as const), fc.array(fc.string()), (state, plus) => {
        expect(intakeRefusal({ ...online, state }, plus, NOW)).toBeNull();
      }),
    );
  });
});

describe('availabilityAt', () => {
  it('is the stored state with every passed until applied, the sequence kept', () => {
    const a = {
      ...online,
      state: 'BUSY' as const,
      extraPrepMinutes: 5,
      until: at(-1),
      snoozedItems: [{ plu: 'A', until: at(-1) }],
    };
    expect(availabilityAt(a, NOW)).toEqual({ ...online, snoozedItems: [] });
  });
});
