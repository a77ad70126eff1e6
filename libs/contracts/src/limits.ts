/** The contract's money bounds: 0 to 1,000,000,000 with at most 4 decimal places; also an order's largest total. */
export const MAX_MONEY = 1_000_000_000;
export const MONEY_DECIMALS = 4;
export const MAX_QUANTITY = 10_000;
export const MAX_ORDER_ITEMS = 200;
export const MAX_ORDER_PAYMENTS = 20;
