import { APP_CONFIG, type AppConfig } from '#config';
import { inTransaction, readerOf } from '#persistence';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { holdSweepLock, ordersAwaitingAcceptance } from '../persistence/order-queries.repository.js';
import { AcceptanceTimeoutService } from './acceptance-timeout.service.js';

/** Orders rejected per statement of a sweep. */
const BATCH_SIZE = 500;
/** Often enough that a timed-out order is rejected within seconds of its time. */
const MAX_SWEEP_EVERY_MS = 1_000;

/**
 * The acceptance timeout: a sweep every min(timeout/2, 1 s) over the partial index of PLACED,
 * non-backfilled orders rejects those past their time, counted from their release (a scheduled
 * order's comes well after its creation). No broker message per order: the index
 * holds only the orders awaiting acceptance, so a sweep that finds nothing due costs one index probe.
 */
@Injectable()
export class AcceptanceSweep implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AcceptanceSweep.name);
  private loop?: NodeJS.Timeout;
  /** One sweep at a time per process. */
  private sweeping: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeout: AcceptanceTimeoutService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get sweepEveryMs(): number {
    return Math.min(this.config.orderAcceptTimeoutMs / 2, MAX_SWEEP_EVERY_MS);
  }

  /** Sweeps every `sweepEveryMs` from now until the application shuts down. */
  start(): void {
    this.loop = setInterval(() => this.runSweep(), this.sweepEveryMs);
    this.runSweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.loop);
    await this.sweeping;
  }

  /**
   * Rejects every non-backfilled PLACED order past its time; returns how many it rejected.
   * One replica sweeps at a time (a transaction-scoped advisory lock); the others skip the round.
   */
  sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.orderAcceptTimeoutMs);
    return inTransaction(this.dataSource, async (lock) => {
      if (!(await holdSweepLock(lock))) return 0;
      const reader = readerOf(this.dataSource);
      let rejected = 0;
      for (;;) {
        const due = await ordersAwaitingAcceptance(reader, cutoff, BATCH_SIZE);
        for (const orderId of due) {
          if ((await this.timeout.execute({ orderId }, now)) === 'rejected') rejected++;
        }
        if (due.length < BATCH_SIZE) return rejected;
      }
    });
  }

  /** Skips a tick while the previous sweep still runs, so a slow one never queues up more. */
  private runSweep(): void {
    if (this.running) return;
    this.running = true;
    this.sweeping = this.sweep()
      .then((rejected) => {
        if (rejected) this.logger.log(`sweep rejected ${rejected} orders past their acceptance time`);
      })
      .catch((error: unknown) =>
        this.logger.warn(`acceptance sweep failed, next one in ${this.sweepEveryMs} ms: ${String(error)}`),
      )
      .finally(() => (this.running = false));
  }
}
