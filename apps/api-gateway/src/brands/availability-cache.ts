import {
  type BrandAvailabilityState,
  type CloudEvent,
  intakeRefusal,
  type IntakeRefusal,
  isBrandEventType,
  type OrderEventMap,
} from '#contracts';

/** What applying an event did: `gap` means events before it were missed, so the brand must be read again. */
export type EventOutcome = 'applied' | 'duplicate' | 'gap' | 'ignored';

/**
 * This gateway's copy of every configured brand's availability, so that intake refuses a paused
 * brand or a snoozed PLU from memory, with no round trip per order. It is kept by the brand events
 * of `orders.events` (each brand's `sequence` has no gaps, so each event applies exactly on the
 * state before it; a gap or a reconnect reads the brand, or all brands, again from the orders
 * service), and by the answers of this gateway's own availability changes. `until` is read by the
 * clock at each check, so a pause or a snooze ends on time without waiting for its event.
 */
export class AvailabilityCache {
  private readonly brands = new Map<string, BrandAvailabilityState>();

  /** Takes a state read from the orders service unless what is here is as new or newer. */
  offer(state: BrandAvailabilityState): void {
    const current = this.brands.get(state.brandId);
    if (!current || current.sequence < state.sequence) this.brands.set(state.brandId, state);
  }

  apply(event: CloudEvent): EventOutcome {
    if (!isBrandEventType(event.type)) return 'ignored';
    const brandId = event.subject;
    const current = this.brands.get(brandId) ?? neverConfigured(brandId);
    if (event.sequence <= current.sequence) return 'duplicate';
    if (event.sequence > current.sequence + 1) return 'gap';
    this.brands.set(brandId, applied(current, event));
    return 'applied';
  }

  /** Why an order for `brandId` holding `plus` is refused now, or null. */
  refusal(brandId: string, plus: readonly string[], now = new Date()): IntakeRefusal | null {
    const state = this.brands.get(brandId);
    return state ? intakeRefusal(state, plus, now) : null;
  }

  get(brandId: string): BrandAvailabilityState | undefined {
    return this.brands.get(brandId);
  }
}

const neverConfigured = (brandId: string): BrandAvailabilityState => ({
  brandId,
  state: 'ONLINE',
  extraPrepMinutes: null,
  until: null,
  snoozedItems: [],
  sequence: 0,
});

function applied(current: BrandAvailabilityState, event: CloudEvent): BrandAvailabilityState {
  if (event.type === 'brand.availability_changed') {
    const { state, extraPrepMinutes, until } = event.data as OrderEventMap['brand.availability_changed'];
    return { ...current, state, extraPrepMinutes, until, sequence: event.sequence };
  }
  const { plu, available, until } = event.data as OrderEventMap['brand.item_availability_changed'];
  const others = current.snoozedItems.filter((s) => s.plu !== plu);
  return { ...current, snoozedItems: available ? others : [...others, { plu, until }], sequence: event.sequence };
}
