import { pathToFileURL } from 'node:url';
import { ROOT } from './environment.js';

type SeedOrders = typeof import('../../scripts/seed-orders.mjs');

// The demo seeder's orders (five brands with their menus, repeat customers, deliveries and
// pickups, payments), placed live: no backfilled placedAt, so any channel key may send them, and a
// pickup time as far ahead of now as the seeder put it ahead of its placedAt.
const { planOrder } = (await import(pathToFileURL(`${ROOT}scripts/seed-orders.mjs`).href)) as SeedOrders;

/** The happy path after creation, one PATCH each. */
export const LIFECYCLE = ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'] as const;

/** Order bodies unique to this run (channelOrderId, payment reference), numbered from 0. */
export function orderBodies(run: string) {
  let index = 0;
  const now = Date.now();
  return (): string => {
    const { placedAt, ...body } = planOrder({ seed: run, index: index++, days: 1, now, customers: 5000 }).body;
    const lead = Date.parse(body.pickupTime) - Date.parse(placedAt);
    return JSON.stringify({ ...body, pickupTime: new Date(Date.now() + lead).toISOString() });
  };
}
