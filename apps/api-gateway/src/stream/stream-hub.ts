import type { CloudEvent } from '#contracts';

/** Events kept for `Last-Event-ID` resume: at ~100 events/s that is well over a minute of disconnect. */
export const STREAM_BUFFER_SIZE = 10_000;
/** Orders whose brand is remembered for `brandId` filtering of events that do not carry it. */
export const STREAM_BRAND_MEMORY = 100_000;

export interface StreamFilter {
  orderId?: string;
  brandId?: string;
  /** A brand-scoped caller's brands: events of other brands' orders never reach it. */
  brandIds?: readonly string[];
}

export type StreamListener = (event: CloudEvent) => void;

export interface StreamSubscription {
  /** The buffered events after `lastEventId` that match the filter, oldest first. */
  missed: CloudEvent[];
  /** `lastEventId` was given but is no longer (or never was) in the buffer: events may be missing. */
  gap: boolean;
  unsubscribe(): void;
}

/**
 * In-process fan-out of `orders.events` to stream clients, with a ring buffer of the last events
 * for resume. Replay and subscription happen in one synchronous step, so a resuming client sees
 * neither a gap nor a duplicate at the seam.
 */
export class StreamHub {
  private readonly ring: (CloudEvent | undefined)[];
  /** Event id → its position in the sequence of all events seen; also dedupes redeliveries. */
  private readonly positions = new Map<string, number>();
  private readonly brands = new Map<string, string>();
  private readonly listeners = new Set<{ filter: StreamFilter; listener: StreamListener }>();
  private seen = 0;

  constructor(
    private readonly capacity = STREAM_BUFFER_SIZE,
    private readonly brandMemory = STREAM_BRAND_MEMORY,
  ) {
    this.ring = new Array(capacity);
  }

  publish(event: CloudEvent): void {
    if (this.positions.has(event.id)) return;
    this.rememberBrand(event);
    const slot = this.seen % this.capacity;
    const evicted = this.ring[slot];
    if (evicted) this.positions.delete(evicted.id);
    this.ring[slot] = event;
    this.positions.set(event.id, this.seen++);
    for (const { filter, listener } of [...this.listeners]) {
      if (this.matches(event, filter)) listener(event);
    }
  }

  subscribe(filter: StreamFilter, listener: StreamListener, lastEventId?: string): StreamSubscription {
    const entry = { filter, listener };
    this.listeners.add(entry);
    const after = lastEventId === undefined ? undefined : this.positions.get(lastEventId);
    const missed: CloudEvent[] = [];
    for (let i = (after ?? this.seen - 1) + 1; i < this.seen; i++) {
      const event = this.ring[i % this.capacity]!;
      if (this.matches(event, filter)) missed.push(event);
    }
    return { missed, gap: lastEventId !== undefined && after === undefined, unsubscribe: () => this.listeners.delete(entry) };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  private matches(event: CloudEvent, filter: StreamFilter): boolean {
    if (filter.orderId !== undefined && event.subject !== filter.orderId) return false;
    if (filter.brandId === undefined && filter.brandIds === undefined) return true;
    const brand = this.brands.get(event.subject);
    if (brand === undefined) return false;
    return (filter.brandId === undefined || brand === filter.brandId) && (filter.brandIds?.includes(brand) ?? true);
  }

  private rememberBrand(event: CloudEvent): void {
    const brandId = 'brandId' in event.data ? event.data.brandId : undefined;
    if (typeof brandId !== 'string') return;
    // Delete first so the order moves to the newest end of the map's insertion order.
    this.brands.delete(event.subject);
    this.brands.set(event.subject, brandId);
    if (this.brands.size > this.brandMemory) this.brands.delete(this.brands.keys().next().value!);
  }
}
