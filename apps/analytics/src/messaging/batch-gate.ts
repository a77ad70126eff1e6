/**
 * How long a small batch of events waits for more before it is applied. Every batch costs the same
 * handful of statements and a commit whatever its size, and at a kitchen's ordinary pace events
 * arrive one or two at a time: without the wait each becomes a transaction of its own. A backlog
 * never waits (its batches are full), and the summaries stay fresh well within a second.
 */
export const GATHER_MS = 50;

/**
 * Holds a batch back until it is full, or its oldest event has waited `windowMs`, or the consumer
 * stops: group commit for consumers that apply what has arrived in one transaction.
 */
export class BatchGate {
  private release?: () => void;

  constructor(
    private readonly full: number,
    private readonly windowMs = GATHER_MS,
  ) {}

  /** Resolves at once for a full batch or one whose oldest event (`performance.now()` stamp) has waited long enough. */
  async wait(waiting: number, oldestReceivedAt: number): Promise<void> {
    const left = this.windowMs - (performance.now() - oldestReceivedAt);
    if (waiting >= this.full || left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.release = resolve;
      timer = setTimeout(resolve, left);
    });
    clearTimeout(timer);
    this.release = undefined;
  }

  /** Tells a waiting batch how many events are waiting now: once full, it goes. */
  offer(waiting: number): void {
    if (waiting >= this.full) this.open();
  }

  /** Lets a waiting batch go now (the consumer is stopping). */
  open(): void {
    this.release?.();
  }
}
