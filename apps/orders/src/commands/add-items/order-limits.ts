import {
  type AddItemsCommand,
  type DomainError,
  exceedsMaxTotal,
  MAX_MONEY,
  MAX_ORDER_ITEMS,
  MAX_QUANTITY,
  MONEY_DECIMALS,
  scaledTotal,
} from '#contracts';

export interface StoredLine {
  plu: string;
  quantity: number;
  /** numeric(20,4) as PostgreSQL writes it, or null. */
  unit_price: string | null;
}

const scaledPrice = (price: string): bigint => {
  const [whole, fraction = ''] = price.split('.');
  return BigInt(whole! + fraction.padEnd(MONEY_DECIMALS, '0').slice(0, MONEY_DECIMALS));
};

/**
 * The contract's per-order limits, over the order as it would be with the new lines: at most
 * MAX_ORDER_ITEMS lines, MAX_QUANTITY of each, and a total of at most MAX_MONEY.
 */
export function limitExceeded(command: AddItemsCommand, lines: ReadonlyMap<string, StoredLine>): DomainError | null {
  const added = command.items.filter((i) => !lines.has(i.plu)).length;
  if (lines.size + added > MAX_ORDER_ITEMS) {
    return {
      code: 'limit_exceeded',
      field: 'items',
      detail: `The order has ${lines.size} lines; with ${added} more it would exceed ${MAX_ORDER_ITEMS}.`,
    };
  }
  for (const [index, item] of command.items.entries()) {
    const line = lines.get(item.plu);
    if (line && line.quantity + item.quantity > MAX_QUANTITY) {
      return {
        code: 'limit_exceeded',
        field: `items.${index}.quantity`,
        detail: `Item ${item.plu} has quantity ${line.quantity}; adding ${item.quantity} would exceed ${MAX_QUANTITY.toLocaleString('en')}.`,
      };
    }
  }
  const stored = [...lines.values()].reduce(
    (sum, l) => sum + (l.unit_price === null ? 0n : scaledPrice(l.unit_price) * BigInt(l.quantity)),
    0n,
  );
  if (exceedsMaxTotal(stored + scaledTotal(command.items))) {
    return {
      code: 'limit_exceeded',
      field: 'items',
      detail: `With these items the order's total would exceed ${MAX_MONEY.toLocaleString('en')}.`,
    };
  }
  return null;
}
