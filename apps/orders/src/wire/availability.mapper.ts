import type { BrandAvailabilityState, BrandAvailabilityView, CloudEvent } from '#contracts';
import type { AvailabilityEvent, BrandAvailability } from '../domain/brand-availability.js';
import { OutboxEvent } from '../outbox/outbox-event.js';

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

/** The availability with its sequence, as the gateway's intake check keeps it (untils as stored). */
export function toAvailabilityState(a: BrandAvailability): BrandAvailabilityState {
  return {
    brandId: a.brandId,
    state: a.state,
    extraPrepMinutes: a.extraPrepMinutes,
    until: iso(a.until),
    snoozedItems: [...a.snoozed]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([plu, until]) => ({ plu, until: iso(until) })),
    sequence: a.lastSequence,
  };
}

/** `GET /v1/brands/{brandId}/availability`; `a` is as it stands now (expire() applied). */
export function toAvailabilityView(a: BrandAvailability, prepEstimateMinutes: number): BrandAvailabilityView {
  const { sequence: _sequence, ...view } = toAvailabilityState(a);
  return { ...view, prepEstimateMinutes };
}

/** The brand events of CONTRACT section 7: subject the brand id, sequence the brand's. */
export function toBrandCloudEvents(brandId: string, events: readonly AvailabilityEvent[], correlationId?: string): CloudEvent[] {
  return events.map((event) => {
    const common = { orderId: brandId, sequence: event.sequence, time: event.at.toISOString(), correlationId };
    if (event.type === 'brand.availability_changed') {
      return OutboxEvent.create({
        ...common,
        type: event.type,
        data: { brandId, state: event.state, extraPrepMinutes: event.extraPrepMinutes, until: iso(event.until), at: common.time },
      });
    }
    return OutboxEvent.create({
      ...common,
      type: event.type,
      data: { brandId, plu: event.plu, available: event.available, until: iso(event.until), at: common.time },
    });
  });
}
