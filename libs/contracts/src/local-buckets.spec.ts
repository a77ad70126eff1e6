import fc from 'fast-check';
import {
  boundariesAround,
  bucketEdges,
  bucketStartOf,
  defaultRange,
  isBucketStart,
  localIso,
  nextBucketStart,
  zoneOf,
} from './local-buckets.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('zoneOf', () => {
  it('knows IANA names (any case) and UTC', () => {
    expect(zoneOf('Europe/Helsinki')).toBe('Europe/Helsinki');
    expect(zoneOf('asia/kolkata')).toBe('Asia/Kolkata');
    expect(zoneOf('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus', '+05:30', '', 'Europe/Helsinki\n', 'x'.repeat(65), '../etc/passwd'])('refuses %j', (name) => {
    expect(zoneOf(name)).toBeNull();
  });
});

describe('local hours across DST in Europe/Helsinki', () => {
  const tz = 'Europe/Helsinki';
  it('2026-03-29 has 23 hours, 2026-10-25 has 25, none repeated or lost', () => {
    for (const [day, hours] of [
      ['2026-03-29', 23],
      ['2026-10-25', 25],
    ] as const) {
      const from = bucketStartOf(at(`${day}T12:00:00Z`), 'day', tz);
      const to = nextBucketStart(from, 'day', tz);
      const edges = bucketEdges(from, to, 'hour', tz, 744)!;
      expect(edges.length - 1).toBe(hours);
      expect(edges.slice(1).every((e, i) => e - edges[i] === HOUR)).toBe(true);
    }
  });

  it('the repeated 03:00 of 2026-10-25 is two buckets, each with its own offset', () => {
    expect(localIso(at('2026-10-25T00:00:00Z'), tz)).toBe('2026-10-25T03:00:00.000+03:00');
    expect(localIso(at('2026-10-25T01:00:00Z'), tz)).toBe('2026-10-25T03:00:00.000+02:00');
    expect(bucketStartOf(at('2026-10-25T01:30:00Z'), 'hour', tz)).toBe(at('2026-10-25T01:00:00Z'));
  });

  it('the local day of 2026-03-29 starts at 22:00 UTC the day before', () => {
    expect(localIso(bucketStartOf(at('2026-03-29T10:00:00Z'), 'day', tz), tz)).toBe('2026-03-29T00:00:00.000+02:00');
    expect(bucketStartOf(at('2026-03-29T10:00:00Z'), 'day', tz)).toBe(at('2026-03-28T22:00:00Z'));
  });
});

describe('half- and quarter-hour offsets', () => {
  it('Asia/Kolkata days start at 18:30 UTC, Asia/Kathmandu hours at a quarter past', () => {
    expect(bucketStartOf(at('2026-03-29T10:00:00Z'), 'day', 'Asia/Kolkata')).toBe(at('2026-03-28T18:30:00Z'));
    expect(bucketStartOf(at('2026-03-29T10:00:00Z'), 'hour', 'Asia/Kathmandu')).toBe(at('2026-03-29T09:15:00Z'));
    expect(isBucketStart(at('2026-03-29T10:00:00Z'), 'hour', 'Asia/Kathmandu')).toBe(false);
    expect(boundariesAround(at('2026-03-29T10:00:00Z'), 'hour', 'Asia/Kathmandu')).toEqual([
      at('2026-03-29T09:15:00Z'),
      at('2026-03-29T10:15:00Z'),
    ]);
  });
});

describe('weeks and months', () => {
  it('ISO weeks start on Monday 00:00 local', () => {
    const start = bucketStartOf(at('2026-03-29T10:00:00Z'), 'week', 'Europe/Helsinki'); // a Sunday
    expect(localIso(start, 'Europe/Helsinki')).toBe('2026-03-23T00:00:00.000+02:00');
    expect(localIso(nextBucketStart(start, 'week', 'Europe/Helsinki'), 'Europe/Helsinki')).toBe('2026-03-30T00:00:00.000+03:00');
  });

  it('months start on the 1st at 00:00 local', () => {
    const start = bucketStartOf(at('2026-02-28T20:00:00Z'), 'month', 'Asia/Kolkata'); // already 1 March there
    expect(localIso(start, 'Asia/Kolkata')).toBe('2026-03-01T00:00:00.000+05:30');
    expect(localIso(nextBucketStart(start, 'month', 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2026-04-01T00:00:00.000+05:30');
  });
});

describe('defaultRange', () => {
  it('the last 24 hours up to the end of the current hour, and the other defaults', () => {
    const now = at('2026-03-29T10:20:00Z');
    expect(defaultRange(now, 'hour', 'UTC')).toEqual({ from: at('2026-03-28T11:00:00Z'), to: at('2026-03-29T11:00:00Z') });
    const days = defaultRange(now, 'day', 'Europe/Helsinki');
    expect(bucketEdges(days.from, days.to, 'day', 'Europe/Helsinki', 100)!.length - 1).toBe(30);
    const weeks = defaultRange(now, 'week', 'UTC');
    expect(localIso(weeks.to, 'UTC')).toBe('2026-03-30T00:00:00.000+00:00');
    expect(bucketEdges(weeks.from, weeks.to, 'week', 'UTC', 100)!.length - 1).toBe(12);
    const months = defaultRange(now, 'month', 'Asia/Kathmandu');
    expect(localIso(months.from, 'Asia/Kathmandu')).toBe('2025-04-01T00:00:00.000+05:45');
  });
});

describe('bucketEdges', () => {
  it('UTC hours and days are the same whether counted by rule or by size', () => {
    const from = at('2026-01-01T00:00:00Z');
    for (const [unit, to] of [
      ['hour', at('2026-01-31T00:00:00Z')],
      ['day', at('2027-01-01T00:00:00Z')],
    ] as const) {
      const byRule = bucketEdges(from, to, unit, 'Etc/UTC', 3660);
      expect(bucketEdges(from, to, unit, 'UTC', 3660)).toEqual(byRule);
    }
    expect(localIso(from, 'UTC')).toBe(localIso(from, 'Etc/UTC'));
  });

  it('gives up past the limit', () => {
    expect(bucketEdges(at('2026-01-01T00:00:00Z'), at('2026-02-01T01:00:00Z'), 'hour', 'UTC', 744)).toBeNull();
    expect(bucketEdges(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'), 'hour', 'UTC', 744)).toHaveLength(745);
  });

  it('in any zone, every bucket start is a bucket start and lies on a UTC quarter hour', () => {
    const zones = ['Europe/Helsinki', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/Santiago', 'Australia/Lord_Howe', 'UTC'];
    const units = ['hour', 'day', 'week', 'month'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...units),
        fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') }),
        (tz, unit, ms) => {
          const start = bucketStartOf(ms, unit, tz);
          const next = nextBucketStart(start, unit, tz);
          expect(start).toBeLessThanOrEqual(ms);
          expect(next).toBeGreaterThan(ms);
          expect(isBucketStart(next, unit, tz)).toBe(true);
          expect(start % 900_000).toBe(0);
        },
      ),
    );
  });
});
