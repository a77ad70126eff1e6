import type { CustomerLifetime } from '../../libs/contracts/src/analytics.js';

export type SortKey = keyof CustomerLifetime;
export type Direction = 'ascending' | 'descending';
export interface Sort {
  key: SortKey;
  direction: Direction;
}

/** As the API ranks them: most orders first, ties by customer key. */
export const API_ORDER: Sort = { key: 'orders', direction: 'descending' };

/** Text (and ISO times, which sort as text) ascending first; counts and amounts largest first. */
export const firstDirection = (key: SortKey): Direction => (key === 'customerId' ? 'ascending' : 'descending');

export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key !== key) return { key, direction: firstDirection(key) };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

export function sortCustomers(rows: readonly CustomerLifetime[], { key, direction }: Sort): CustomerLifetime[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [a[key], b[key]];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order * sign || a.customerId.localeCompare(b.customerId);
  });
}
