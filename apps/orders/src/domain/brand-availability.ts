import type { AvailabilityInput, AvailabilityState, ItemAvailabilityInput, Result } from '#contracts';
import { availabilityInputProblems, itemAvailabilityInputProblems } from '#contracts/rules';
import { fail, ok } from '../result.js';

/** A brand's availability (CONTRACT section 7) as its decisions see it. */
export interface BrandAvailability {
  brandId: string;
  state: AvailabilityState;
  /** Only while BUSY. */
  extraPrepMinutes: number | null;
  /** When the brand is ONLINE again on its own; only while BUSY or PAUSED. */
  until: Date | null;
  /** Snoozed PLUs and when each is back on its own (null: until un-snoozed). */
  snoozed: ReadonlyMap<string, Date | null>;
  /** The sequence of the brand's last event; the next one is this plus 1. */
  lastSequence: number;
}

export type AvailabilityEvent =
  | {
      type: 'brand.availability_changed';
      sequence: number;
      at: Date;
      state: AvailabilityState;
      extraPrepMinutes: number | null;
      until: Date | null;
    }
  | { type: 'brand.item_availability_changed'; sequence: number; at: Date; plu: string; available: boolean; until: Date | null };

export interface AvailabilityChange {
  availability: BrandAvailability;
  events: AvailabilityEvent[];
}

/** A brand nobody configured takes every order. */
export const neverConfigured = (brandId: string): BrandAvailability => ({
  brandId,
  state: 'ONLINE',
  extraPrepMinutes: null,
  until: null,
  snoozed: new Map(),
  lastSequence: 0,
});

const passed = (until: Date | null, now: Date): until is Date => until !== null && until.getTime() <= now.getTime();

/**
 * Every `until` that has passed by `now` takes effect, each as an event at its own `until`, oldest
 * first: the brand back ONLINE, a snoozed PLU available again. Nothing passed: no events.
 */
export function expire(a: BrandAvailability, now: Date): AvailabilityChange {
  const due: { at: Date; apply: (b: Mutable) => Omit<AvailabilityEvent, 'sequence'> }[] = [];
  if (passed(a.until, now)) {
    due.push({
      at: a.until,
      apply: (b) => {
        Object.assign(b, { state: 'ONLINE', extraPrepMinutes: null, until: null });
        return { type: 'brand.availability_changed', at: a.until!, state: 'ONLINE', extraPrepMinutes: null, until: null };
      },
    });
  }
  for (const [plu, until] of a.snoozed) {
    if (!passed(until, now)) continue;
    due.push({
      at: until,
      apply: (b) => {
        b.snoozed.delete(plu);
        return { type: 'brand.item_availability_changed', at: until, plu, available: true, until: null };
      },
    });
  }
  due.sort((x, y) => x.at.getTime() - y.at.getTime());
  return applyAll(
    a,
    due.map((d) => d.apply),
  );
}

/** `PUT /v1/brands/{brandId}/availability`, after what has expired; setting what already stands changes nothing. */
export function setAvailability(a: BrandAvailability, input: AvailabilityInput, now: Date): Result<AvailabilityChange> {
  const problem = availabilityInputProblems(input, now)[0];
  if (problem) return fail({ code: 'invalid_input', field: problem.field, detail: problem.message });
  const expired = expire(a, now);
  const current = expired.availability;
  const next = {
    state: input.state,
    extraPrepMinutes: input.state === 'BUSY' ? (input.extraPrepMinutes ?? null) : null,
    until: input.until === undefined ? null : new Date(input.until),
  };
  if (
    current.state === next.state &&
    current.extraPrepMinutes === next.extraPrepMinutes &&
    current.until?.getTime() === next.until?.getTime()
  ) {
    return ok(expired);
  }
  const changed = applyAll(current, [
    (b) => {
      Object.assign(b, next);
      return { type: 'brand.availability_changed', at: now, ...next };
    },
  ]);
  return ok({ availability: changed.availability, events: [...expired.events, ...changed.events] });
}

/** `PUT /v1/brands/{brandId}/items/{plu}/availability`: snooze (until a time, or until un-snoozed) or un-snooze. */
export function setItemAvailability(
  a: BrandAvailability,
  plu: string,
  input: ItemAvailabilityInput,
  now: Date,
): Result<AvailabilityChange> {
  const problem = itemAvailabilityInputProblems(input, now)[0];
  if (problem) return fail({ code: 'invalid_input', field: problem.field, detail: problem.message });
  const expired = expire(a, now);
  const current = expired.availability;
  const until = input.until === undefined ? null : new Date(input.until);
  const unchanged = input.available
    ? !current.snoozed.has(plu)
    : current.snoozed.has(plu) && current.snoozed.get(plu)?.getTime() === until?.getTime();
  if (unchanged) return ok(expired);
  const changed = applyAll(current, [
    (b) => {
      if (input.available) b.snoozed.delete(plu);
      else b.snoozed.set(plu, until);
      return { type: 'brand.item_availability_changed', at: now, plu, available: input.available, until };
    },
  ]);
  return ok({ availability: changed.availability, events: [...expired.events, ...changed.events] });
}

type Mutable = Omit<BrandAvailability, 'snoozed'> & { snoozed: Map<string, Date | null> };

function applyAll(a: BrandAvailability, steps: ((b: Mutable) => Omit<AvailabilityEvent, 'sequence'>)[]): AvailabilityChange {
  const b: Mutable = { ...a, snoozed: new Map(a.snoozed) };
  const events = steps.map((step) => ({ ...step(b), sequence: ++b.lastSequence }) as AvailabilityEvent);
  return { availability: b, events };
}
