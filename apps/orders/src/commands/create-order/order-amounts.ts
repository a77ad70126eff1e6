/**
 * Money stays exact: amounts have at most 4 decimals (the DTO says so), so they are summed as
 * integers of 1/10000 and handed to PostgreSQL's numeric as decimal strings.
 */
const SCALE = 4;

const scaled = (amount: number): bigint => BigInt(amount.toFixed(SCALE).replace('.', ''));

function decimal(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(SCALE + 1, '0');
  return `${sign}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

/** Sum of quantity × unitPrice; lines without a price count as 0. */
export function orderTotal(items: { quantity: number; unitPrice?: number | null }[]): string {
  return decimal(items.reduce((sum, i) => sum + (i.unitPrice == null ? 0n : scaled(i.unitPrice) * BigInt(i.quantity)), 0n));
}

export const moneyString = (amount: number): string => decimal(scaled(amount));
