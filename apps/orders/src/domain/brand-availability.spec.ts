import { expire, neverConfigured, setAvailability, setItemAvailability } from './brand-availability.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const brand = neverConfigured('b1');

describe('setAvailability', () => {
  it('pauses a brand until a time, as one event with the next sequence', () => {
    const result = setAvailability(brand, { state: 'PAUSED', until: later(60_000).toISOString() }, NOW);
    expect(result.ok && result.value.events).toEqual([
      { type: 'brand.availability_changed', sequence: 1, at: NOW, state: 'PAUSED', extraPrepMinutes: null, until: later(60_000) },
    ]);
    expect(result.ok && result.value.availability).toMatchObject({ state: 'PAUSED', until: later(60_000), lastSequence: 1 });
  });

  it('changes nothing and publishes nothing when what is asked already stands', () => {
    const busy = setAvailability(brand, { state: 'BUSY', extraPrepMinutes: 10 }, NOW);
    if (!busy.ok) throw new Error('refused');
    const again = setAvailability(busy.value.availability, { state: 'BUSY', extraPrepMinutes: 10 }, later(1));
    expect(again.ok && again.value.events).toEqual([]);
    expect(setAvailability(brand, { state: 'ONLINE' }, NOW)).toMatchObject({ ok: true, value: { events: [] } });
  });

  it.each([
    [{ state: 'PAUSED' as const, extraPrepMinutes: 5 }, 'extraPrepMinutes'],
    [{ state: 'ONLINE' as const, until: later(60_000).toISOString() }, 'until'],
    [{ state: 'BUSY' as const, until: NOW.toISOString() }, 'until'],
    [{ state: 'BUSY' as const, until: 'yesterday' }, 'until'],
  ])('refuses %o naming %s', (input, field) => {
    expect(setAvailability(brand, input, NOW)).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
  });

  it('first lets a passed until take effect, at its own time, then applies the change', () => {
    const paused = setAvailability(brand, { state: 'PAUSED', until: later(1_000).toISOString() }, NOW);
    if (!paused.ok) throw new Error('refused');
    const busy = setAvailability(paused.value.availability, { state: 'BUSY', extraPrepMinutes: 3 }, later(5_000));
    expect(
      busy.ok && busy.value.events.map((e) => [e.sequence, e.at, e.type === 'brand.availability_changed' && e.state]),
    ).toEqual([
      [2, later(1_000), 'ONLINE'],
      [3, later(5_000), 'BUSY'],
    ]);
  });
});

describe('setItemAvailability', () => {
  it('snoozes a PLU and un-snoozes it; un-snoozing one that is not snoozed publishes nothing', () => {
    const snoozed = setItemAvailability(brand, 'P-1', { available: false }, NOW);
    if (!snoozed.ok) throw new Error('refused');
    expect(snoozed.value.availability.snoozed).toEqual(new Map([['P-1', null]]));
    expect(snoozed.value.events).toEqual([
      { type: 'brand.item_availability_changed', sequence: 1, at: NOW, plu: 'P-1', available: false, until: null },
    ]);
    const back = setItemAvailability(snoozed.value.availability, 'P-1', { available: true }, NOW);
    expect(back.ok && back.value.availability.snoozed.size).toBe(0);
    expect(back.ok && back.value.events[0]).toMatchObject({ sequence: 2, available: true });
    expect(setItemAvailability(brand, 'P-1', { available: true }, NOW)).toMatchObject({ ok: true, value: { events: [] } });
  });

  it('refuses an until with available: true, or one not in the future', () => {
    const until = later(60_000).toISOString();
    expect(setItemAvailability(brand, 'P-1', { available: true, until }, NOW)).toMatchObject({
      ok: false,
      error: { field: 'until' },
    });
    expect(setItemAvailability(brand, 'P-1', { available: false, until: NOW.toISOString() }, NOW)).toMatchObject({ ok: false });
  });
});

describe('expire', () => {
  it('emits each passed until in time order, with consecutive sequences, and leaves the rest', () => {
    const a = {
      ...brand,
      state: 'PAUSED' as const,
      until: later(2_000),
      snoozed: new Map<string, Date | null>([
        ['A', later(1_000)],
        ['B', null],
        ['C', later(60_000)],
      ]),
      lastSequence: 7,
    };
    const { availability, events } = expire(a, later(3_000));
    expect(events.map((e) => [e.sequence, e.type, e.at])).toEqual([
      [8, 'brand.item_availability_changed', later(1_000)],
      [9, 'brand.availability_changed', later(2_000)],
    ]);
    expect(availability).toMatchObject({ state: 'ONLINE', until: null, lastSequence: 9 });
    expect([...availability.snoozed.keys()]).toEqual(['B', 'C']);
    expect(expire(availability, later(3_000)).events).toEqual([]);
  });
});
