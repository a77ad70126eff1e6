/**
 * Amounts in millionths of the currency unit, as bigints: what analytics sums into `total_micro`.
 * Prices reach it as JSON numbers; each is read through its shortest decimal form (the digits its
 * JSON carried), never multiplied as a double, so 0.1 is 100000 millionths exactly.
 */
const MICRO_DIGITS = 6;

/** A decimal as integer digits and the number of them after the point: 12.5 is [125n, 1]. */
type Decimal = readonly [units: bigint, scale: number];

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

function decimalOf(value: unknown): Decimal | null {
  const m = typeof value === 'number' ? DECIMAL.exec(String(value)) : null;
  if (!m) return null;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const units = BigInt(`${sign}${whole}${fraction}`);
  const scale = fraction.length - Number(exponent);
  return scale >= 0 ? [units, scale] : [units * 10n ** BigInt(-scale), 0];
}

/** To millionths, half away from zero past the sixth decimal (prices carry at most four). */
function toMicro([units, scale]: Decimal): bigint {
  if (scale <= MICRO_DIGITS) return units * 10n ** BigInt(MICRO_DIGITS - scale);
  const divisor = 10n ** BigInt(scale - MICRO_DIGITS);
  const quotient = units / divisor;
  const twiceRest = 2n * (units % divisor);
  if (twiceRest >= divisor) return quotient + 1n;
  if (-twiceRest >= divisor) return quotient - 1n;
  return quotient;
}

/**
 * quantity x unitPrice in millionths, exactly. A line without a price adds nothing, and so does one
 * whose quantity or price is not a number: the event is stored all the same, and one unreadable line
 * must not stop its order from counting.
 */
export function lineMicro(item: { quantity: number; unitPrice?: number | null }): bigint {
  const quantity = decimalOf(item.quantity);
  const price = decimalOf(item.unitPrice);
  if (!quantity || !price) return 0n;
  return toMicro([quantity[0] * price[0], quantity[1] + price[1]]);
}
