import type { AddItemsCommand } from '#contracts';
import { limitExceeded, type StoredLine } from './order-limits.js';

const command = (items: AddItemsCommand['items']): AddItemsCommand => ({
  orderId: '00000000-0000-4000-8000-000000000000',
  items,
  caller: { role: 'channel', actor: 'channel' },
  correlationId: 'c',
});
const stored = (lines: StoredLine[]) => new Map(lines.map((l) => [l.plu, l]));
const soup: StoredLine = { plu: 'P-1', quantity: 2, unit_price: '7.2500' };

describe('per-order limits when adding items', () => {
  it('lets an order reach the limits exactly', () => {
    expect(limitExceeded(command([{ plu: 'P-1', name: 'Soup', quantity: 9_998, unitPrice: 7.25 }]), stored([soup]))).toBeNull();
    const lines = Array.from({ length: 199 }, (_, i) => ({ plu: `N-${i}`, name: 'x', quantity: 1 }));
    expect(limitExceeded(command(lines), stored([soup]))).toBeNull();
    expect(limitExceeded(command([{ plu: 'N', name: 'x', quantity: 1, unitPrice: 999_999_985.5 }]), stored([soup]))).toBeNull();
  });

  it('names the field that would break a limit', () => {
    expect(
      limitExceeded(command([{ plu: 'P-1', name: 'Soup', quantity: 9_999, unitPrice: 7.25 }]), stored([soup])),
    ).toMatchObject({
      code: 'limit_exceeded',
      field: 'items.0.quantity',
    });
    const lines = Array.from({ length: 200 }, (_, i) => ({ plu: `N-${i}`, name: 'x', quantity: 1 }));
    expect(limitExceeded(command(lines), stored([soup]))).toMatchObject({ field: 'items' });
    expect(
      limitExceeded(command([{ plu: 'N', name: 'x', quantity: 1, unitPrice: 999_999_985.5001 }]), stored([soup])),
    ).toMatchObject({
      field: 'items',
    });
  });
});
