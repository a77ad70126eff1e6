import { AddItemsDto } from './add-items.dto.js';
import { ChangeStatusDto } from './change-status.dto.js';
import { CreateOrderDto } from './create-order.dto.js';
import { inputLimitProblems } from './input-limits.js';
import { ListOrdersQueryDto } from './list-orders.query.js';

const order = (over: Record<string, unknown> = {}) => ({
  channelOrderId: 'C-1',
  brandId: 'b',
  customer: { name: 'Eve' },
  items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 2 }],
  payments: [{ reference: 'pay-1', amount: 2 }],
  ...over,
});
const many = (n: number, element: () => unknown) => Array.from({ length: n }, element);

describe('inputLimitProblems', () => {
  it('finds nothing in an order within every limit, 200 lines and 20 payments included', () => {
    const items = many(200, () => ({ plu: 'P', name: 'n'.repeat(200), quantity: 1 }));
    const payments = many(20, () => ({ reference: 'r'.repeat(128), amount: 1 }));
    expect(inputLimitProblems(CreateOrderDto, order({ items, payments }), { forbidUnknown: true })).toEqual([]);
  });

  it.each([
    ['empty objects', () => ({})],
    ['integers', () => 1],
    ['nested objects', () => ({ a: { b: [{}] } })],
    ['long strings', () => 'x'.repeat(1000)],
  ])('refuses 100,000 items of %s by their count alone', (_kind, element) => {
    expect(inputLimitProblems(CreateOrderDto, order({ items: many(100_000, element) }))).toEqual([
      { field: 'items', message: 'items must contain no more than 200 elements' },
    ]);
    expect(inputLimitProblems(AddItemsDto, { items: many(100_000, element) })).toEqual([
      { field: 'items', message: 'items must contain no more than 200 elements' },
    ]);
  });

  it('holds payments to 20', () => {
    expect(inputLimitProblems(CreateOrderDto, order({ payments: many(21, () => ({})) }))).toEqual([
      { field: 'payments', message: 'payments must contain no more than 20 elements' },
    ]);
  });

  it('refuses an array or object where the class expects a single value, without looking inside', () => {
    const problems = inputLimitProblems(
      CreateOrderDto,
      order({ customer: many(100_000, () => ({})), brandId: many(100_000, () => 1), channelOrderId: { a: 1 } }),
    );
    expect(problems).toEqual([
      { field: 'channelOrderId', message: 'channelOrderId must not be an object' },
      { field: 'brandId', message: 'brandId must not be an array' },
      { field: 'customer', message: 'customer must not be an array' },
    ]);
  });

  it('checks string lengths at every depth, by the nested class', () => {
    const problems = inputLimitProblems(
      CreateOrderDto,
      order({ customer: { name: 'x'.repeat(201) }, items: [{ plu: 'P', name: 'y'.repeat(201), quantity: 1 }] }),
    );
    expect(problems).toEqual([
      { field: 'customer.name', message: 'name must be shorter than or equal to 200 characters' },
      { field: 'items.0.name', message: 'name must be shorter than or equal to 200 characters' },
    ]);
  });

  it('refuses a line that is not an object, naming it', () => {
    expect(inputLimitProblems(CreateOrderDto, order({ items: [1, {}] }))).toEqual([
      { field: 'items.0', message: 'items.0 must be an object' },
    ]);
  });

  it('names undeclared keys only when asked to, at any depth, and never looks into them', () => {
    const input = order({ extras: many(100_000, () => ({})), customer: { name: 'Eve', shoe: 42 } });
    expect(inputLimitProblems(CreateOrderDto, input)).toEqual([]);
    expect(inputLimitProblems(CreateOrderDto, input, { forbidUnknown: true })).toEqual([
      { field: 'extras', message: 'property extras should not exist' },
      { field: 'customer.shoe', message: 'property shoe should not exist' },
    ]);
  });

  it('stops after the number of problems it was asked for', () => {
    const items = many(200, () => ({ plu: 'P', name: 'y'.repeat(201), quantity: 1, colour: 'red' }));
    expect(inputLimitProblems(CreateOrderDto, order({ items }), { forbidUnknown: true, maxProblems: 21 })).toHaveLength(21);
  });

  it('lets an array through where a rule takes each element (a repeated query parameter)', () => {
    expect(inputLimitProblems(ListOrdersQueryDto, { status: ['PLACED', 'READY'] }, { forbidUnknown: true })).toEqual([]);
  });

  it('takes the rules of a class and of the classes it extends', () => {
    class Envelope extends ChangeStatusDto {}
    expect(inputLimitProblems(Envelope, { status: 'READY', reason: 'r'.repeat(501) })).toEqual([
      { field: 'reason', message: 'reason must be shorter than or equal to 500 characters' },
    ]);
  });
});
