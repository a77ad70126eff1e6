import * as z from 'zod';
import { instant, parseInstant } from './wire-values.js';

/*
 * Plain data and rules only (no DTO classes): the kitchen page imports this file too.
 */

/** A brand's availability (CONTRACT section 7): taking orders, taking them slowly, or not at all. */
export const AVAILABILITY_STATES = ['ONLINE', 'BUSY', 'PAUSED'] as const;
export type AvailabilityState = (typeof AVAILABILITY_STATES)[number];
export const MIN_EXTRA_PREP_MINUTES = 1;
export const MAX_EXTRA_PREP_MINUTES = 120;

export const AvailabilityStateName = z.enum(AVAILABILITY_STATES);

export const SnoozedItemView = z.object({
  plu: z.string().meta({ examples: ['CAT1-0001'] }),
  until: instant.nullable().meta({ description: 'When the item is back on its own; null: until un-snoozed.' }),
});
export type SnoozedItemView = z.output<typeof SnoozedItemView>;

/** `GET /v1/brands/{brandId}/availability` and the answer of both availability `PUT`s. */
export const BrandAvailabilityView = z.object({
  brandId: z.string().meta({ examples: ['60bfc6dc4887c9851d5a0245'] }),
  state: AvailabilityStateName.meta({ examples: ['BUSY'] }),
  extraPrepMinutes: z
    .int()
    .min(MIN_EXTRA_PREP_MINUTES)
    .max(MAX_EXTRA_PREP_MINUTES)
    .nullable()
    .meta({ examples: [10], description: 'Only while BUSY: added to the prep estimate of every promise.' }),
  until: instant.nullable().meta({ description: 'When the brand is back ONLINE on its own; null: until changed.' }),
  prepEstimateMinutes: z
    .int()
    .min(1)
    .meta({ examples: [25], description: 'The brand’s prep estimate now, extraPrepMinutes included while BUSY.' }),
  snoozedItems: z.array(SnoozedItemView).meta({ description: 'PLUs that orders may not hold now, by plu.' }),
});
export type BrandAvailabilityView = z.output<typeof BrandAvailabilityView>;

export const BrandAvailabilityChanged = z.object({
  brandId: z.string(),
  state: AvailabilityStateName,
  extraPrepMinutes: z.int().min(MIN_EXTRA_PREP_MINUTES).max(MAX_EXTRA_PREP_MINUTES).nullable(),
  until: instant.nullable(),
  at: instant,
});

export const BrandItemAvailabilityChanged = z.object({
  brandId: z.string(),
  plu: z.string(),
  available: z.boolean(),
  until: instant.nullable(),
  at: instant,
});

/** The brand events on `orders.events`: subject is the brand id, sequence counts per brand. */
export const BRAND_EVENT_DATA = {
  'brand.availability_changed': BrandAvailabilityChanged,
  'brand.item_availability_changed': BrandItemAvailabilityChanged,
} as const;
export const BRAND_EVENT_TYPES = ['brand.availability_changed', 'brand.item_availability_changed'] as const;
export type BrandEventType = (typeof BRAND_EVENT_TYPES)[number];
export const isBrandEventType = (type: string): type is BrandEventType => (BRAND_EVENT_TYPES as readonly string[]).includes(type);

/** What intake needs of a brand, as the orders service keeps it: `sequence` is its last event's. */
export interface BrandAvailabilityState {
  brandId: string;
  state: AvailabilityState;
  extraPrepMinutes: number | null;
  until: string | null;
  snoozedItems: SnoozedItemView[];
  sequence: number;
}

/** Why intake refuses an order for a brand, if it does. */
export type IntakeRefusal = { kind: 'store_paused'; until: string | null } | { kind: 'items_unavailable'; plus: string[] };

const passed = (until: string | null, now: Date): boolean => until !== null && Date.parse(until) <= now.getTime();

/** The availability as it stands at `now`: an `until` that passed has taken effect, whether or not its event went out yet. */
export function availabilityAt(a: BrandAvailabilityState, now: Date): BrandAvailabilityState {
  const expired = passed(a.until, now);
  return {
    ...a,
    ...(expired ? { state: 'ONLINE', extraPrepMinutes: null, until: null } : {}),
    snoozedItems: a.snoozedItems.filter((s) => !passed(s.until, now)),
  };
}

/** A new order for a PAUSED brand, or holding a snoozed PLU, is refused (CONTRACT section 7); backfills never reach this. */
export function intakeRefusal(a: BrandAvailabilityState, plus: readonly string[], now: Date): IntakeRefusal | null {
  const current = availabilityAt(a, now);
  if (current.state === 'PAUSED') return { kind: 'store_paused', until: current.until };
  if (current.snoozedItems.length === 0) return null;
  const snoozed = new Set(current.snoozedItems.map((s) => s.plu));
  const refused = plus.filter((plu) => snoozed.has(plu));
  return refused.length ? { kind: 'items_unavailable', plus: refused } : null;
}

export interface AvailabilityInput {
  state: AvailabilityState;
  extraPrepMinutes?: number;
  until?: string;
}

export interface ItemAvailabilityInput {
  available: boolean;
  until?: string;
}

/** The rules across the fields of a `PUT …/availability` body; each problem names its field. */
export function availabilityInputProblems(input: AvailabilityInput, now: Date): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (input.extraPrepMinutes !== undefined && input.state !== 'BUSY') {
    problems.push({ field: 'extraPrepMinutes', message: 'extraPrepMinutes is only for state BUSY' });
  }
  if (input.until !== undefined) {
    if (input.state === 'ONLINE')
      problems.push({ field: 'until', message: 'until is only for BUSY or PAUSED: when to be ONLINE again' });
    else problems.push(...futureProblem(input.until, now));
  }
  return problems;
}

/** The rules across the fields of a `PUT …/items/{plu}/availability` body. */
export function itemAvailabilityInputProblems(input: ItemAvailabilityInput, now: Date): { field: string; message: string }[] {
  if (input.until === undefined) return [];
  if (input.available) return [{ field: 'until', message: 'until is only for available: false: when the item is back' }];
  return futureProblem(input.until, now);
}

function futureProblem(until: string, now: Date): { field: string; message: string }[] {
  const at = parseInstant(until);
  if (!at) return [{ field: 'until', message: 'until must be an ISO 8601 date-time such as 2026-07-22T20:28:02Z' }];
  return at > now ? [] : [{ field: 'until', message: 'until must be in the future' }];
}
