import { DAY_MS, fieldsOf, HOUR_MS, presetRange, rangeFromFields } from '../../web/dashboard/range.js';
import { nextSort, sortCustomers } from '../../web/dashboard/sort.js';

const at = (iso: string) => Date.parse(iso);

describe('dashboard range', () => {
  it('a preset ends with the bucket holding now, so the current hour or day is included', () => {
    expect(presetRange('24h', at('2026-11-29T17:14:16Z'))).toEqual({
      from: at('2026-11-28T18:00:00Z'),
      to: at('2026-11-29T18:00:00Z'),
      granularity: 'hour',
    });
    expect(presetRange('7d', at('2026-11-29T00:00:00Z'))).toEqual({
      from: at('2026-11-23T00:00:00Z'),
      to: at('2026-11-30T00:00:00Z'),
      granularity: 'day',
    });
  });

  it('hour fields are UTC, widened to whole hours; day fields include the last day', () => {
    expect(rangeFromFields('2026-11-28T10:30', '2026-11-28T12:10', 'hour')).toEqual({
      range: { from: at('2026-11-28T10:00:00Z'), to: at('2026-11-28T13:00:00Z'), granularity: 'hour' },
    });
    expect(rangeFromFields('2026-11-27', '2026-11-29', 'day')).toEqual({
      range: { from: at('2026-11-27T00:00:00Z'), to: at('2026-11-30T00:00:00Z'), granularity: 'day' },
    });
    expect(rangeFromFields('2026-11-29', '2026-11-29', 'day')).toMatchObject({ range: { to: at('2026-11-30T00:00:00Z') } });
  });

  it.each<[string, string, string, 'hour' | 'day', 'from' | 'to']>([
    ['an empty start', '', '2026-11-29T10:00', 'hour', 'from'],
    ['an unreadable end', '2026-11-29T10:00', '29.11.2026', 'hour', 'to'],
    ['an end before the start', '2026-11-29T10:00', '2026-11-29T08:00', 'hour', 'to'],
    ['an end equal to the start', '2026-11-29T10:00', '2026-11-29T10:00', 'hour', 'to'],
    ['745 hours', '2026-10-01T00:00', '2026-11-01T01:00', 'hour', 'to'],
    ['3,661 days', '2016-01-01', '2026-01-08', 'day', 'to'],
  ])('refuses %s, naming the field', (_, from, to, granularity, field) => {
    expect(rangeFromFields(from, to, granularity)).toMatchObject({ field });
  });

  it('takes the most the API answers: 744 hours, 3,660 days', () => {
    expect(rangeFromFields('2026-10-01T00:00', '2026-11-01T00:00', 'hour')).toHaveProperty('range');
    expect(rangeFromFields('2016-01-01', '2026-01-07', 'day')).toHaveProperty('range');
  });

  it('writes a range back into the fields it was read from', () => {
    for (const range of [
      { from: at('2026-11-28T18:00:00Z'), to: at('2026-11-29T18:00:00Z'), granularity: 'hour' as const },
      { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-30T00:00:00Z'), granularity: 'day' as const },
    ]) {
      const { from, to } = fieldsOf(range);
      expect(rangeFromFields(from, to, range.granularity)).toEqual({ range });
    }
    expect(DAY_MS / HOUR_MS).toBe(24);
  });
});

describe('customer table sort', () => {
  const c = (customerId: string, orders: number, totalAmount: number) => ({
    customerId,
    orders,
    totalAmount,
    firstOrderAt: '2026-11-01T00:00:00.000Z',
    lastOrderAt: `2026-11-${String(orders).padStart(2, '0')}T00:00:00.000Z`,
  });
  const rows = [c('b', 2, 10), c('a', 2, 30), c('c', 5, 20)];

  it('numbers and times start largest first, text A to Z; the same column again reverses', () => {
    expect(nextSort({ key: 'orders', direction: 'descending' }, 'totalAmount')).toEqual({
      key: 'totalAmount',
      direction: 'descending',
    });
    expect(nextSort({ key: 'orders', direction: 'descending' }, 'customerId')).toEqual({
      key: 'customerId',
      direction: 'ascending',
    });
    expect(nextSort({ key: 'customerId', direction: 'ascending' }, 'customerId')).toEqual({
      key: 'customerId',
      direction: 'descending',
    });
  });

  it('sorts by the column, ties by customer, without touching the input', () => {
    expect(sortCustomers(rows, { key: 'totalAmount', direction: 'descending' }).map((r) => r.customerId)).toEqual([
      'a',
      'c',
      'b',
    ]);
    expect(sortCustomers(rows, { key: 'orders', direction: 'ascending' }).map((r) => r.customerId)).toEqual(['a', 'b', 'c']);
    expect(sortCustomers(rows, { key: 'lastOrderAt', direction: 'descending' }).map((r) => r.customerId)).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(rows.map((r) => r.customerId)).toEqual(['b', 'a', 'c']);
  });
});
