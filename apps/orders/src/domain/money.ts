import { MAX_MONEY, MONEY_DECIMALS } from '#contracts/rules';

const SCALE = 10n ** BigInt(MONEY_DECIMALS);
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * An exact amount of money: a whole number of 1/10,000 (the contract's at most 4 decimal places)
 * in a bigint. Every sum and product of an order is exact; a JSON number is read at the wire and
 * written at the wire, nowhere else, and PostgreSQL's numeric is read and written as text.
 */
export class Money {
  static readonly ZERO = new Money(0n);
  /** The largest amount, and the largest order total, the contract accepts. */
  static readonly MAX = new Money(BigInt(MAX_MONEY) * SCALE);

  private constructor(private readonly units: bigint) {}

  /**
   * A JSON number of the wire, rounded to the nearest 1/10,000 (a tie goes to the larger
   * amount: `Number.prototype.toFixed` on the double's exact value). Input validation refuses
   * more than 4 decimals, so for valid input this rounding only undoes the double's binary error
   * (12.3 is 12.2999999999999998... as a double, and 12.3000 here).
   */
  static fromNumber(value: number): Money {
    if (!Number.isFinite(value)) throw new RangeError(`not an amount of money: ${value}`);
    return Money.parse(value.toFixed(MONEY_DECIMALS));
  }

  /** PostgreSQL's numeric as text ("12.5000", "3"); more than 4 significant decimals are refused, never rounded. */
  static parse(decimal: string): Money {
    const match = DECIMAL.exec(decimal);
    if (!match) throw new RangeError(`not a decimal amount: "${decimal}"`);
    const [, sign, whole, fraction = ''] = match;
    if (/[1-9]/.test(fraction.slice(MONEY_DECIMALS))) throw new RangeError(`more than ${MONEY_DECIMALS} decimals: "${decimal}"`);
    const magnitude = BigInt(whole! + fraction.slice(0, MONEY_DECIMALS).padEnd(MONEY_DECIMALS, '0'));
    return new Money(sign === '-' ? -magnitude : magnitude);
  }

  plus(other: Money): Money {
    return new Money(this.units + other.units);
  }

  minus(other: Money): Money {
    return new Money(this.units - other.units);
  }

  times(quantity: number): Money {
    if (!Number.isSafeInteger(quantity)) throw new RangeError(`not a whole quantity: ${quantity}`);
    return new Money(this.units * BigInt(quantity));
  }

  static sum(amounts: Iterable<Money>): Money {
    let units = 0n;
    for (const amount of amounts) units += amount.units;
    return new Money(units);
  }

  equals(other: Money): boolean {
    return this.units === other.units;
  }

  isGreaterThan(other: Money): boolean {
    return this.units > other.units;
  }

  isPositive(): boolean {
    return this.units > 0n;
  }

  static min(a: Money, b: Money): Money {
    return a.units <= b.units ? a : b;
  }

  /** Exact text with all 4 decimals, for numeric columns. */
  toDecimal(): string {
    const digits = (this.units < 0n ? -this.units : this.units).toString().padStart(MONEY_DECIMALS + 1, '0');
    return `${this.units < 0n ? '-' : ''}${digits.slice(0, -MONEY_DECIMALS)}.${digits.slice(-MONEY_DECIMALS)}`;
  }

  /** The JSON number of the wire: the nearest double to the exact amount. */
  toNumber(): number {
    return Number(this.toDecimal());
  }

  toString(): string {
    return this.toDecimal();
  }
}
