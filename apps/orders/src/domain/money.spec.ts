import fc from 'fast-check';
import { Money } from './money.js';

describe('Money', () => {
  it('reads JSON numbers exactly to 4 decimals, where a double is not exact', () => {
    expect(Money.fromNumber(0.1).plus(Money.fromNumber(0.2)).toDecimal()).toBe('0.3000');
    expect(Money.fromNumber(12.3).times(3).toDecimal()).toBe('36.9000');
    expect(Money.fromNumber(1_000_000_000).toDecimal()).toBe('1000000000.0000');
    expect(Money.fromNumber(999_999_985.5001).toNumber()).toBe(999_999_985.5001);
  });

  it('rounds a number with more than 4 decimals to the nearest 1/10,000, a tie upwards', () => {
    expect(Money.fromNumber(1.00004).toDecimal()).toBe('1.0000');
    expect(Money.fromNumber(1.00006).toDecimal()).toBe('1.0001');
    expect(Money.fromNumber(0.00005).toDecimal()).toBe('0.0001');
  });

  it("reads PostgreSQL's numeric text, and refuses what is not an amount of at most 4 decimals", () => {
    expect(Money.parse('7.2500').equals(Money.fromNumber(7.25))).toBe(true);
    expect(Money.parse('3').toDecimal()).toBe('3.0000');
    expect(Money.parse('-0.5').toDecimal()).toBe('-0.5000');
    expect(Money.parse('1.230000').toDecimal()).toBe('1.2300');
    expect(() => Money.parse('1.00001')).toThrow(RangeError);
    expect(() => Money.parse('1e3')).toThrow(RangeError);
    expect(() => Money.fromNumber(Number.NaN)).toThrow(RangeError);
    expect(() => Money.ZERO.times(1.5)).toThrow(RangeError);
  });

  it('compares, sums and subtracts exactly', () => {
    const a = Money.fromNumber(10.0001);
    expect(a.isGreaterThan(Money.fromNumber(10))).toBe(true);
    expect(Money.fromNumber(10).isGreaterThan(a)).toBe(false);
    expect(Money.sum([a, a, a]).minus(a).toDecimal()).toBe('20.0002');
    expect(Money.MAX.plus(Money.fromNumber(0.0001)).isGreaterThan(Money.MAX)).toBe(true);
  });

  it('round-trips every wire amount through numeric text unchanged', () => {
    const amount = fc.integer({ min: 0, max: 10_000_000_000_000 }).map((units) => units / 10_000);
    fc.assert(
      fc.property(amount, (value) => {
        const money = Money.fromNumber(value);
        expect(Money.parse(money.toDecimal()).equals(money)).toBe(true);
        expect(money.toNumber()).toBe(value);
      }),
    );
  });
});
