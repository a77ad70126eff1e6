import * as z from 'zod';
import { FULFILLMENT_MODES } from './fulfillment.js';
import { ItemStatusName, OrderStatusName } from './order.view.js';
import { instant } from './wire-values.js';

/** Random bytes of a tracking token: 192 bits, 32 base64url characters without padding. */
export const TRACKING_TOKEN_BYTES = 24;
export const TRACKING_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * What `GET /v1/track/{token}` shows the customer holding the link, and nothing else: no
 * customer, address, payments, brand or ids.
 */
export const TrackingView = z
  .object({
    status: OrderStatusName.meta({ examples: ['PREPARING'] }),
    fulfillment: z.object({ mode: z.enum(FULFILLMENT_MODES).meta({ examples: ['PICKUP'] }) }).strict(),
    placedAt: instant,
    scheduled: z.boolean(),
    pickupTime: instant.nullable(),
    promisedReadyAt: instant.nullable(),
    items: z.array(
      z
        .object({
          name: z.string().meta({ examples: ['Hawaii Burger'] }),
          quantity: z
            .int()
            .min(1)
            .meta({ examples: [1] }),
          status: ItemStatusName.meta({ examples: ['PREPARING'] }),
        })
        .strict(),
    ),
    updatedAt: instant,
  })
  .strict();
export type TrackingView = z.output<typeof TrackingView>;

/** The members of a tracking answer, in the contract's order. */
export const TRACKING_VIEW_KEYS = Object.keys(TrackingView.shape) as (keyof TrackingView)[];
