import { isUuid, parseInstant } from './wire-values.js';

describe('parseInstant', () => {
  it.each([
    ['2021-07-22T20:28:02.123Z', '2021-07-22T20:28:02.123Z'],
    ['2021-07-22T22:28:02+02:00', '2021-07-22T20:28:02.000Z'],
    ['2021-07-22T20:28:02', '2021-07-22T20:28:02.000Z'],
    ['2021-07-22T20:28', '2021-07-22T20:28:00.000Z'],
    ['2021-07-22', '2021-07-22T00:00:00.000Z'],
  ])('reads %s as %s (no zone is UTC)', (value, expected) => {
    expect(parseInstant(value)?.toISOString()).toBe(expected);
  });

  it.each([
    'March 7, 2021',
    '7/22/2021',
    '2021-W29-4',
    '20210722T202802Z',
    '2021-07-22T20:28:02,5Z',
    '2021-13-01',
    '',
    '+275761-01-01',
  ])('refuses %j', (value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe('isUuid', () => {
  it('takes a UUID of any version in either case, and nothing else', () => {
    expect(isUuid('3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85')).toBe(true);
    expect(isUuid('3F2C5A1E-9B7D-5C4E-8A2F-1D0E6B7C9A85')).toBe(true);
    expect(isUuid('3f2c5a1e9b7d5c4e8a2f1d0e6b7c9a85')).toBe(false);
    expect(isUuid(' 3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
