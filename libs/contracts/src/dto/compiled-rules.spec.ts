import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { AddItemsDto } from './add-items.dto.js';
import { ChangeItemStatusDto } from './change-item-status.dto.js';
import { ChangeItemQuantityDto, ChangeOrderDto, RequestRefundDto } from './change-order.dto.js';
import { CreateOrderDto, CustomerDto } from './create-order.dto.js';
import { ChangeStatusDto } from './change-status.dto.js';
import { compiledRules } from './compiled-rules.js';
import { UpdateRefundDto } from './refunds.dto.js';

const order = {
  channelOrderId: 'C-1',
  brandId: 'b-1',
  customer: { id: 'c-42', name: 'Eve', phoneNumber: '+358 40 123 4567' },
  deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
  fulfillment: { mode: 'DELIVERY' },
  pickupTime: '2026-12-03T12:30:00Z',
  items: [
    { plu: 'P-1', name: 'Soup', quantity: 2, unitPrice: 12.5 },
    { plu: 'P-2', name: 'Bread', quantity: 1 },
  ],
  payments: [{ reference: 'pay-1', amount: 25 }],
  currency: 'EUR',
};

/** What the HTTP pipe's class-validator run says: no errors at all. */
const classValidatorPasses = (type: new () => object, value: unknown, closed: boolean): boolean =>
  validateSync(plainToInstance(type, value) as object, {
    whitelist: closed,
    forbidNonWhitelisted: closed,
    forbidUnknownValues: true,
  }).length === 0;

const VALID: [string, new () => object, unknown][] = [
  ['a full order', CreateOrderDto, order],
  [
    'a minimal order',
    CreateOrderDto,
    { channelOrderId: 'C', brandId: 'b', customer: { phoneNumber: '12345' }, items: [{ plu: 'A', name: 'n', quantity: 1 }] },
  ],
  ['a dine-in order', CreateOrderDto, { ...order, deliveryAddress: undefined, fulfillment: { mode: 'DINE_IN', table: '12' } }],
  ['an order with null optionals', CreateOrderDto, { ...order, payments: null, currency: null }],
  ['a status change', ChangeStatusDto, { status: 'ACCEPTED', prepMinutes: 20, reason: 'ok', at: '2026-12-03T12:30:00Z' }],
  ['an item status change', ChangeItemStatusDto, { status: 'PREPARING' }],
  ['added items', AddItemsDto, { items: [{ plu: 'P-9', name: 'Tea', quantity: 1, unitPrice: 2 }] }],
  ['a details change', ChangeOrderDto, { customer: { name: 'Ann' }, deliveryAddress: null, pickupTime: null }],
  ['a quantity change', ChangeItemQuantityDto, { quantity: 0 }],
  ['a goodwill refund', RequestRefundDto, { amount: 2.5, reason: 'cold soup' }],
  ['a refund update', UpdateRefundDto, { status: 'PROCESSED' }],
];

const INVALID: [string, new () => object, unknown][] = [
  ['an unknown field', CreateOrderDto, { ...order, colour: 'red' }],
  ['an unknown nested field', CreateOrderDto, { ...order, customer: { name: 'Eve', colour: 'red' } }],
  ['a customer without name or phone', CreateOrderDto, { ...order, customer: { id: 'c' } }],
  ['a blank name (absent once transformed)', CustomerDto, { name: ' \u200b ' }],
  ['a NUL in a name', CreateOrderDto, { ...order, items: [{ plu: 'A', name: 'a\u0000', quantity: 1 }] }],
  ['a repeated plu', CreateOrderDto, { ...order, items: [order.items[0], order.items[0]] }],
  ['money with 5 decimals', CreateOrderDto, { ...order, payments: [{ reference: 'p', amount: 1.00001 }] }],
  [
    'a total over the limit',
    CreateOrderDto,
    { ...order, items: [{ plu: 'A', name: 'n', quantity: 10_000, unitPrice: 1_000_000 }] },
  ],
  ['DELIVERY without an address', CreateOrderDto, { ...order, deliveryAddress: undefined }],
  ['an address with PICKUP', CreateOrderDto, { ...order, fulfillment: { mode: 'PICKUP' } }],
  ['a table without DINE_IN', CreateOrderDto, { ...order, fulfillment: { mode: 'DELIVERY', table: '1' } }],
  ['a date that is not ISO 8601', CreateOrderDto, { ...order, pickupTime: '3 Dec 2026' }],
  ['an item that is not an object', CreateOrderDto, { ...order, items: ['soup'] }],
  ['an unknown status', ChangeStatusDto, { status: 'EATEN' }],
  ['prep minutes out of range', ChangeStatusDto, { status: 'ACCEPTED', prepMinutes: 241 }],
  ['a quantity that is a string', ChangeItemQuantityDto, { quantity: '1' }],
  ['a zero refund', RequestRefundDto, { amount: 0 }],
];

describe('compiledRules', () => {
  it.each(VALID)('passes %s, as class-validator does', (_name, type, value) => {
    const plain = JSON.parse(JSON.stringify(value)) as unknown;
    expect(classValidatorPasses(type, plain, true)).toBe(true);
    expect(compiledRules(type, { closed: true })(plain)).toBe(true);
  });

  it.each(INVALID)('refuses %s, as class-validator does', (_name, type, value) => {
    const plain = JSON.parse(JSON.stringify(value)) as unknown;
    expect(classValidatorPasses(type, plain, true)).toBe(false);
    expect(compiledRules(type, { closed: true })(plain)).toBe(false);
  });

  it('lets undeclared fields through when not closed, as a validation without whitelist does', () => {
    expect(compiledRules(CreateOrderDto, { closed: false })({ ...order, colour: 'red' })).toBe(true);
    expect(compiledRules(CreateOrderDto, { closed: true })({ ...order, colour: 'red' })).toBe(false);
  });

  it('never passes what class-validator refuses, over random changes of a valid order', () => {
    const anyJson = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('', ' ', '\u200b', 'DELIVERY', 'DINE_IN', 'PICKUP', 'x'.repeat(201), '2026-12-03T12:30:00Z', 'P-1'),
      fc.constantFrom(0, -1, 1.5, 10_000, 10_001, 1e9, 1e9 + 1, 0.00001, null),
    );
    const paths = [
      ['channelOrderId'],
      ['customer'],
      ['customer', 'name'],
      ['customer', 'phoneNumber'],
      ['deliveryAddress'],
      ['deliveryAddress', 'city'],
      ['fulfillment'],
      ['fulfillment', 'mode'],
      ['fulfillment', 'table'],
      ['fulfillment', 'vehicle'],
      ['pickupTime'],
      ['items'],
      ['items', 0],
      ['items', 1, 'plu'],
      ['items', 0, 'quantity'],
      ['items', 0, 'unitPrice'],
      ['payments'],
      ['payments', 0, 'amount'],
      ['currency'],
      ['extra'],
    ];
    const change = fc.record({ path: fc.constantFrom(...paths), value: fc.option(anyJson, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
        const value = JSON.parse(JSON.stringify(order)) as Record<string, unknown>;
        for (const { path, value: next } of changes) {
          let at: Record<string | number, unknown> = value;
          for (const key of path.slice(0, -1)) {
            const child = at[key];
            if (typeof child !== 'object' || child === null) return;
            at = child as Record<string | number, unknown>;
          }
          const last = path[path.length - 1]!;
          if (next === undefined) delete at[last];
          else at[last] = next;
        }
        const plain = JSON.parse(JSON.stringify(value)) as unknown;
        for (const closed of [true, false]) {
          if (compiledRules(CreateOrderDto, { closed })(plain))
            expect(classValidatorPasses(CreateOrderDto, plain, closed)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
