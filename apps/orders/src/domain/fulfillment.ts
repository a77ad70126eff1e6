import type { FulfillmentMode, Result } from '#contracts';
import { fail, ok } from '../result.js';

/** How the order reaches the customer: `table` only with DINE_IN, `vehicle` only with CURBSIDE. */
export interface Fulfillment {
  mode: FulfillmentMode;
  table?: string;
  vehicle?: string;
}

interface FulfillmentInput {
  fulfillment?: { mode: FulfillmentMode; table?: string; vehicle?: string } | null;
  deliveryAddress?: object | null;
}

/** The mode of an order that states none: a delivery address makes it a delivery. */
export const defaultFulfillment = (hasDeliveryAddress: boolean): Fulfillment => ({
  mode: hasDeliveryAddress ? 'DELIVERY' : 'PICKUP',
});

/**
 * The order's fulfillment, or the refusal naming the field that does not fit its mode (CONTRACT
 * section 6): DINE_IN needs a table, DELIVERY an address; a table, vehicle or address that
 * belongs to another mode is refused rather than dropped.
 */
export function fulfillmentOf(input: FulfillmentInput): Result<Fulfillment> {
  const hasAddress = input.deliveryAddress !== undefined && input.deliveryAddress !== null;
  const given = input.fulfillment ?? undefined;
  if (!given) return ok(defaultFulfillment(hasAddress));
  const { mode, table, vehicle } = given;
  if (mode === 'DINE_IN' && !table) return refuse('fulfillment.table', 'table is required with fulfillment mode DINE_IN');
  if (mode !== 'DINE_IN' && table !== undefined)
    return refuse('fulfillment.table', 'table is only allowed with fulfillment mode DINE_IN');
  if (mode !== 'CURBSIDE' && vehicle !== undefined)
    return refuse('fulfillment.vehicle', 'vehicle is only allowed with fulfillment mode CURBSIDE');
  if (mode === 'DELIVERY' && !hasAddress)
    return refuse('deliveryAddress', 'deliveryAddress is required with fulfillment mode DELIVERY');
  if (mode !== 'DELIVERY' && hasAddress)
    return refuse('deliveryAddress', 'deliveryAddress is only allowed with fulfillment mode DELIVERY');
  return ok({ mode, ...(table !== undefined && { table }), ...(vehicle !== undefined && { vehicle }) });
}

const refuse = (field: string, detail: string): Result<never> => fail({ code: 'invalid_input', field, detail });
