import { MAX_ORDER_ITEMS, MAX_ORDER_PAYMENTS, MAX_QUANTITY } from '#contracts';

/**
 * The largest order the contract allows, as the body limits are sized against it: every field
 * present, every string at its longest, 200 lines and 20 payments.
 */
export function largestOrder() {
  const text = (length: number) => 'é'.repeat(length);
  return {
    channelOrderId: text(128),
    brandId: text(128),
    account: text(128),
    customer: { id: text(128), name: text(200), phoneNumber: `+${'1 '.repeat(15)}` },
    deliveryAddress: { city: text(200), street: text(200), postalCode: text(32) },
    // Half an hour ahead, as an order for now is, with the longest way of writing the time.
    pickupTime: new Date(Date.now() + 30 * 60_000).toISOString().replace('Z', '+00:00'),
    items: Array.from({ length: MAX_ORDER_ITEMS }, (_, i) => ({
      plu: `P${String(i).padStart(63, '0')}`,
      name: text(200),
      quantity: MAX_QUANTITY,
      unitPrice: 499.9999,
    })),
    payments: Array.from({ length: MAX_ORDER_PAYMENTS }, (_, i) => ({
      reference: `${i}`.padEnd(128, 'é'),
      amount: 999_999_999.9999,
    })),
    currency: 'EUR',
  };
}

/** JSON as an encoder that writes ASCII only sends it, indented: every other character as `\uXXXX`. */
export const asciiJson = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
