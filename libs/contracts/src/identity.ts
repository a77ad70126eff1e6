import { v5 as uuidv5 } from 'uuid';

/**
 * Order ids are derived from the channel's own key, so every retry of the same order —
 * even one still queued when the first attempt's answer is lost — names the same order.
 */
const ORDER_ID_NAMESPACE = '8d6c7a4e-3f5b-4c1e-9a2d-6b0f1e7c5a93';

export const orderIdFor = (brandId: string, channelOrderId: string): string =>
  uuidv5(`${brandId}\u0000${channelOrderId}`, ORDER_ID_NAMESPACE);

/** The analytics customer key: `customer.id`, else the phone number reduced to `+` and digits. */
export function customerKeyOf(customer: { id?: string | null; phoneNumber?: string | null }): string | null {
  if (customer.id) return customer.id;
  const phone = customer.phoneNumber?.replace(/[^+\d]/g, '');
  return phone ? phone : null;
}
