import { fulfillmentOf } from './fulfillment.js';

const address = { city: 'Oulu' };

describe('fulfillmentOf', () => {
  it('defaults to DELIVERY with a delivery address and to PICKUP without one', () => {
    expect(fulfillmentOf({ deliveryAddress: address })).toEqual({ ok: true, value: { mode: 'DELIVERY' } });
    expect(fulfillmentOf({})).toEqual({ ok: true, value: { mode: 'PICKUP' } });
    expect(fulfillmentOf({ deliveryAddress: null, fulfillment: null })).toEqual({ ok: true, value: { mode: 'PICKUP' } });
  });

  it('keeps the table of DINE_IN and the vehicle of CURBSIDE', () => {
    expect(fulfillmentOf({ fulfillment: { mode: 'DINE_IN', table: '12' } })).toEqual({
      ok: true,
      value: { mode: 'DINE_IN', table: '12' },
    });
    expect(fulfillmentOf({ fulfillment: { mode: 'CURBSIDE', vehicle: 'red Volvo' } })).toEqual({
      ok: true,
      value: { mode: 'CURBSIDE', vehicle: 'red Volvo' },
    });
    expect(fulfillmentOf({ fulfillment: { mode: 'CURBSIDE' } })).toEqual({ ok: true, value: { mode: 'CURBSIDE' } });
  });

  it.each([
    ['DINE_IN without a table', { fulfillment: { mode: 'DINE_IN' as const } }, 'fulfillment.table'],
    ['a table with PICKUP', { fulfillment: { mode: 'PICKUP' as const, table: '3' } }, 'fulfillment.table'],
    ['a vehicle with DINE_IN', { fulfillment: { mode: 'DINE_IN' as const, table: '3', vehicle: 'van' } }, 'fulfillment.vehicle'],
    ['DELIVERY without an address', { fulfillment: { mode: 'DELIVERY' as const } }, 'deliveryAddress'],
    ['an address with PICKUP', { fulfillment: { mode: 'PICKUP' as const }, deliveryAddress: address }, 'deliveryAddress'],
    ['an address with CURBSIDE', { fulfillment: { mode: 'CURBSIDE' as const }, deliveryAddress: address }, 'deliveryAddress'],
  ])('refuses %s, naming the field', (_, input, field) => {
    expect(fulfillmentOf(input)).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
  });
});
