import { lineMicro } from './micro-amount.js';

describe('a line amount in millionths', () => {
  it.each([
    [1, 12.5, 12_500_000n],
    [3, 0.1, 300_000n],
    [7, 0.0001, 700n],
    [2, 7.2499, 14_499_800n],
    [9_999, 999_999_999.9999, 9_998_999_999_999_000_100n],
    [1, 0, 0n],
  ])('%d x %d', (quantity, unitPrice, micro) => {
    expect(lineMicro({ quantity, unitPrice })).toBe(micro);
  });

  it('takes the decimal a price was written as, not its binary double (0.1 + 0.2 is 0.30000000000000004)', () => {
    expect(lineMicro({ quantity: 1, unitPrice: 0.1 + 0.2 })).toBe(300_000n);
    expect(lineMicro({ quantity: 1, unitPrice: 1.15 })).toBe(1_150_000n);
  });

  it('reads numbers JSON writes with an exponent', () => {
    expect(lineMicro({ quantity: 1, unitPrice: 1e-7 })).toBe(0n);
    expect(lineMicro({ quantity: 1, unitPrice: 5e-7 })).toBe(1n);
    expect(lineMicro({ quantity: 1e21, unitPrice: 2 })).toBe(2_000_000_000_000_000_000_000_000_000n);
  });

  it('counts a line without a price as nothing', () => {
    expect(lineMicro({ quantity: 4, unitPrice: null })).toBe(0n);
    expect(lineMicro({ quantity: 4 })).toBe(0n);
  });

  it('counts a line whose quantity or price is not a number as nothing', () => {
    expect(lineMicro({ quantity: 1, unitPrice: Number.NaN })).toBe(0n);
    expect(lineMicro({ quantity: Number.POSITIVE_INFINITY, unitPrice: 1 })).toBe(0n);
    expect(lineMicro({ quantity: 2, unitPrice: '7.25' as unknown as number })).toBe(0n);
  });
});
