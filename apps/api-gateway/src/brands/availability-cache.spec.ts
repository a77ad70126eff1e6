import type { BrandAvailabilityState, CloudEvent } from '#contracts';
import { AvailabilityCache } from './availability-cache.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const event = (sequence: number, type: string, data: object): CloudEvent =>
  ({ id: `e${sequence}`, type, subject: 'b', sequence, time: NOW.toISOString(), data }) as unknown as CloudEvent;
const paused = (sequence: number) =>
  event(sequence, 'brand.availability_changed', { brandId: 'b', state: 'PAUSED', extraPrepMinutes: null, until: null });
const snooze = (sequence: number, plu: string, available: boolean) =>
  event(sequence, 'brand.item_availability_changed', { brandId: 'b', plu, available, until: null });
const state = (sequence: number, extra: Partial<BrandAvailabilityState> = {}): BrandAvailabilityState => ({
  brandId: 'b',
  state: 'ONLINE',
  extraPrepMinutes: null,
  until: null,
  snoozedItems: [],
  sequence,
  ...extra,
});

describe('AvailabilityCache', () => {
  it('takes every brand as ONLINE until it learns otherwise', () => {
    expect(new AvailabilityCache().refusal('b', ['P-1'], NOW)).toBeNull();
  });

  it('applies each brand event on the state before it, in sequence', () => {
    const cache = new AvailabilityCache();
    expect(cache.apply(snooze(1, 'P-1', false))).toBe('applied');
    expect(cache.refusal('b', ['P-1', 'P-2'], NOW)).toEqual({ kind: 'items_unavailable', plus: ['P-1'] });
    expect(cache.apply(snooze(2, 'P-1', true))).toBe('applied');
    expect(cache.apply(paused(3))).toBe('applied');
    expect(cache.refusal('b', ['P-1'], NOW)).toEqual({ kind: 'store_paused', until: null });
  });

  it('ignores redeliveries and order events, and reports a gap instead of applying past it', () => {
    const cache = new AvailabilityCache();
    cache.apply(paused(1));
    expect(cache.apply(paused(1))).toBe('duplicate');
    expect(cache.apply(snooze(3, 'P-1', false))).toBe('gap');
    expect(cache.get('b')?.sequence).toBe(1);
    expect(cache.apply({ ...paused(2), type: 'order.created' } as CloudEvent)).toBe('ignored');
  });

  it('takes a state read from the orders service only when it is newer than what it has', () => {
    const cache = new AvailabilityCache();
    cache.apply(paused(1));
    cache.apply(snooze(2, 'P-1', false));
    cache.offer(state(1));
    expect(cache.refusal('b', [], NOW)).toEqual({ kind: 'store_paused', until: null });
    cache.offer(state(5));
    expect(cache.refusal('b', ['P-1'], NOW)).toBeNull();
    expect(cache.apply(paused(6))).toBe('applied');
  });
});
