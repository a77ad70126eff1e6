import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateOrderDto } from './create-order.dto.js';
import { exceedsMaxTotal, isMoney, isStorableText, PHONE_NUMBER, scaledTotal } from './input-rules.js';

const order = (over: Record<string, unknown> = {}) => ({
  channelOrderId: 'C-1',
  brandId: 'b',
  customer: { name: 'Ada' },
  items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 1 }],
  ...over,
});
const failedFields = (body: object) =>
  validateSync(plainToInstance(CreateOrderDto, body), { whitelist: true, forbidNonWhitelisted: true }).flatMap((e) => [
    e.property,
    ...(e.children ?? []).flatMap((c) => (c.children ?? []).map((g) => `${e.property}.${c.property}.${g.property}`)),
  ]);

describe('input rules', () => {
  it('tells text a store can hold from text with NUL or an unpaired surrogate', () => {
    expect(['Ada', 'Åsa 😀', ''].map(isStorableText)).toEqual([true, true, true]);
    expect(['a\u0000', 'a\ud800', '\udc00a', '\ude00\ud83d'].map(isStorableText)).toEqual([false, false, false, false]);
  });

  it('takes money from 0 to a billion with at most 4 decimals, exactly', () => {
    expect([0, 12.5, 0.0001, 999_999_999.9999, 1e9].map(isMoney)).toEqual([true, true, true, true, true]);
    expect([-0.01, 1e9 + 0.5, 0.00001, 1e-7, 1.5e-7, 0.1 + 0.2, NaN, Infinity, '1'].map(isMoney)).toEqual(Array(9).fill(false));
  });

  it('takes phone numbers of 5 to 15 digits with + and separators', () => {
    expect(['+358 40 123 4567', '12345', '(040) 123-45.67', '+123456789012345'].map((p) => PHONE_NUMBER.test(p))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['+(-)', '   ', '1234', '+1234567890123456', '12a45', '++12345', '１２３４５'].map((p) => PHONE_NUMBER.test(p)),
    ).toEqual(Array(7).fill(false));
  });

  it('sums an order exactly and caps it at a billion', () => {
    expect(scaledTotal([{ quantity: 3, unitPrice: 0.1 }, { quantity: 1 }])).toBe(3000n);
    expect(exceedsMaxTotal(scaledTotal([{ quantity: 10_000, unitPrice: 100_000 }]))).toBe(false);
    expect(exceedsMaxTotal(scaledTotal([{ quantity: 10_000, unitPrice: 100_000.0001 }]))).toBe(true);
  });

  it('puts the rules on the create DTO, naming each field', () => {
    expect(failedFields(order())).toEqual([]);
    expect(failedFields(order({ brandId: 'b\u0000' }))).toEqual(['brandId']);
    expect(failedFields(order({ customer: { phoneNumber: '+(-)' } }))).toContain('customer');
    expect(failedFields(order({ items: [{ plu: 'P-1', name: 'x', quantity: 10_000, unitPrice: 1e9 }] }))).toEqual(['items']);
    expect(failedFields(order({ items: [{ plu: 'P-1', name: 'x', quantity: 1, unitPrice: 1e-7 }] }))).toEqual([
      'items',
      'items.0.unitPrice',
    ]);
  });
});
