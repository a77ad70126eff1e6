import { bucketLabels } from '../../web/dashboard/bucket-labels.js';
import { convertFields, fieldsOf, latestRange, rangeFromFields, rangeOfBuckets } from '../../web/dashboard/range.js';
import { nextSort, sortCustomers } from '../../web/dashboard/sort.js';

const at = (iso: string) => Date.parse(iso);
const HEL = 'Europe/Helsinki';

describe('dashboard range', () => {
  it('the latest range is the API’s: the last buckets up to the end of the one holding now, in the zone', () => {
    expect(latestRange('hour', 'UTC', at('2026-11-29T17:14:16Z'))).toEqual({
      from: at('2026-11-28T18:00:00Z'),
      to: at('2026-11-29T18:00:00Z'),
      granularity: 'hour',
      tz: 'UTC',
    });
    // 00:30 on 1 December in Helsinki is still 30 November in UTC: the day, week and month are local.
    const now = at('2026-11-30T22:30:00Z');
    expect(latestRange('day', HEL, now)).toMatchObject({ from: at('2026-11-01T22:00:00Z'), to: at('2026-12-01T22:00:00Z') });
    expect(latestRange('week', HEL, now)).toMatchObject({ from: at('2026-09-13T21:00:00Z'), to: at('2026-12-06T22:00:00Z') });
    expect(latestRange('month', HEL, now)).toMatchObject({ from: at('2025-12-31T22:00:00Z'), to: at('2026-12-31T22:00:00Z') });
  });

  it('the window of a list of buckets ends where its last bucket ends', () => {
    expect(rangeOfBuckets(['2026-10-25T21:00:00.000Z', '2026-10-26T22:00:00.000Z'], 'day', HEL)).toEqual({
      from: at('2026-10-25T21:00:00Z'),
      to: at('2026-10-27T22:00:00Z'),
      granularity: 'day',
      tz: HEL,
    });
    expect(rangeOfBuckets([], 'day', HEL)).toBeNull();
  });

  it('hour fields are wall-clock times of the zone, widened to whole hours; a DST day has 23 or 25 of them', () => {
    expect(rangeFromFields('2026-11-28T10:30', '2026-11-28T12:10', 'hour', 'UTC')).toEqual({
      range: { from: at('2026-11-28T10:00:00Z'), to: at('2026-11-28T13:00:00Z'), granularity: 'hour', tz: 'UTC' },
    });
    const spring = rangeFromFields('2026-03-29T00:00', '2026-03-30T00:00', 'hour', HEL);
    expect(spring).toEqual({
      range: { from: at('2026-03-28T22:00:00Z'), to: at('2026-03-29T21:00:00Z'), granularity: 'hour', tz: HEL },
    });
    const autumn = rangeFromFields('2026-10-25T00:00', '2026-10-26T00:00', 'hour', HEL);
    expect(autumn).toMatchObject({ range: { from: at('2026-10-24T21:00:00Z'), to: at('2026-10-25T22:00:00Z') } });
    // Kathmandu is 5:45 ahead: its hours start at a quarter to in UTC.
    expect(rangeFromFields('2026-11-28T10:30', '2026-11-28T11:00', 'hour', 'Asia/Kathmandu')).toMatchObject({
      range: { from: at('2026-11-28T04:15:00Z'), to: at('2026-11-28T05:15:00Z') },
    });
  });

  it('date fields include the last day, and snap to whole local weeks (Monday) and months rather than being refused', () => {
    expect(rangeFromFields('2026-11-27', '2026-11-29', 'day', 'UTC')).toEqual({
      range: { from: at('2026-11-27T00:00:00Z'), to: at('2026-11-30T00:00:00Z'), granularity: 'day', tz: 'UTC' },
    });
    // Wednesday 2026-03-25 to Tuesday 2026-03-31: the weeks of Monday 23 and Monday 30 March, Helsinki time.
    const weeks = rangeFromFields('2026-03-25', '2026-03-31', 'week', HEL);
    expect(weeks).toEqual({
      range: { from: at('2026-03-22T22:00:00Z'), to: at('2026-04-05T21:00:00Z'), granularity: 'week', tz: HEL },
    });
    expect(fieldsOf((weeks as { range: Parameters<typeof fieldsOf>[0] }).range)).toEqual({
      from: '2026-03-23',
      to: '2026-04-05',
    });
    const months = rangeFromFields('2026-09-15', '2026-11-10', 'month', HEL);
    expect(months).toMatchObject({ range: { from: at('2026-08-31T21:00:00Z'), to: at('2026-11-30T22:00:00Z') } });
    expect(fieldsOf((months as { range: Parameters<typeof fieldsOf>[0] }).range)).toEqual({
      from: '2026-09-01',
      to: '2026-11-30',
    });
  });

  it.each<[string, string, string, 'hour' | 'day' | 'week' | 'month', 'from' | 'to']>([
    ['an empty start', '', '2026-11-29T10:00', 'hour', 'from'],
    ['an unreadable end', '2026-11-29T10:00', '29.11.2026', 'hour', 'to'],
    ['an impossible date', '2026-02-30', '2026-03-02', 'day', 'from'],
    ['an end before the start', '2026-11-29T10:00', '2026-11-29T08:00', 'hour', 'to'],
    ['an end equal to the start', '2026-11-29T10:00', '2026-11-29T10:00', 'hour', 'to'],
    ['745 hours', '2026-10-01T00:00', '2026-11-01T01:00', 'hour', 'to'],
    ['3,661 days', '2016-01-01', '2026-01-08', 'day', 'to'],
    ['121 months', '2016-01-01', '2026-01-01', 'month', 'to'],
    ['weeks over 3,660 days', '2016-01-01', '2026-02-01', 'week', 'to'],
  ])('refuses %s, naming the field', (_, from, to, granularity, field) => {
    expect(rangeFromFields(from, to, granularity, 'UTC')).toMatchObject({ field });
  });

  it('takes the most the API answers: 744 hours, 3,660 days, 120 months', () => {
    expect(rangeFromFields('2026-10-01T00:00', '2026-11-01T00:00', 'hour', 'UTC')).toHaveProperty('range');
    expect(rangeFromFields('2016-01-01', '2026-01-07', 'day', 'UTC')).toHaveProperty('range');
    expect(rangeFromFields('2016-01-01', '2025-12-31', 'month', 'UTC')).toHaveProperty('range');
  });

  it('writes a range back into the fields it was read from', () => {
    for (const range of [
      { from: at('2026-11-28T18:00:00Z'), to: at('2026-11-29T18:00:00Z'), granularity: 'hour' as const, tz: 'UTC' },
      { from: at('2026-10-24T21:00:00Z'), to: at('2026-10-25T22:00:00Z'), granularity: 'hour' as const, tz: HEL },
      { from: at('2026-11-23T00:00:00Z'), to: at('2026-11-30T00:00:00Z'), granularity: 'day' as const, tz: 'UTC' },
      { from: at('2026-03-22T22:00:00Z'), to: at('2026-04-05T21:00:00Z'), granularity: 'week' as const, tz: HEL },
    ]) {
      const { from, to } = fieldsOf(range);
      expect(rangeFromFields(from, to, range.granularity, range.tz)).toEqual({ range });
    }
  });

  it('switching between hours and dates keeps the same days', () => {
    expect(convertFields({ from: '2026-11-27T10:00', to: '2026-11-30T00:00' }, 'day')).toEqual({
      from: '2026-11-27',
      to: '2026-11-29',
    });
    expect(convertFields({ from: '2026-11-27', to: '2026-11-29' }, 'hour')).toEqual({
      from: '2026-11-27T00:00',
      to: '2026-11-30T00:00',
    });
    expect(convertFields({ from: '2026-11-27', to: '2026-11-29' }, 'month')).toEqual({ from: '2026-11-27', to: '2026-11-29' });
    expect(convertFields({ from: '', to: 'x' }, 'hour')).toEqual({ from: '', to: '' });
  });
});

describe('bucket labels', () => {
  it('name local hours, days, ISO weeks and months from the API’s localStart', () => {
    expect(bucketLabels(['2026-03-29T04:00:00.000+03:00'], 'hour')).toEqual(['03-29 04:00']);
    expect(bucketLabels(['2026-03-29T00:00:00.000+02:00'], 'day')).toEqual(['2026-03-29']);
    expect(bucketLabels(['2026-03-23T00:00:00.000+02:00', '2026-12-28T00:00:00.000+02:00'], 'week')).toEqual([
      '2026-03-23 (W13)',
      '2026-12-28 (W53)',
    ]);
    expect(bucketLabels(['2026-03-01T00:00:00.000+02:00'], 'month')).toEqual(['Mar 2026']);
  });

  it('the hour a clock repeats reads differently each time, by its offset', () => {
    const starts = ['2026-10-25T02:00:00.000+03:00', '2026-10-25T03:00:00.000+03:00', '2026-10-25T03:00:00.000+02:00'];
    expect(bucketLabels(starts, 'hour')).toEqual(['10-25 02:00', '10-25 03:00 +03:00', '10-25 03:00 +02:00']);
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
