import { APP_CONFIG, type AppConfig } from '#config';
import { orderStatusCode } from '#contracts';
import { inTransaction } from '#persistence';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptanceTimeoutService } from './acceptance-timeout.service.js';

/** Orders rejected per statement of a sweep. */
const BATCH_SIZE = 500;
/** Often enough that a timed-out order is rejected within seconds of its time. */
const MAX_SWEEP_EVERY_MS = 1_000;

/**
 * The acceptance timeout: a sweep every min(timeout/2, 1 s) over the partial index of PLACED,
 * non-backfilled orders rejects those past their time. No broker message per order: the index
 * holds only the orders awaiting acceptance, so a sweep that finds nothing due costs one index probe.
 */
@Injectable()
export class AcceptanceTimers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AcceptanceTimers.name);
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
      const [held] = await lock.rows<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        'orders:acceptance-sweep',
      ]);
      if (!held?.locked) return 0;
      let rejected = 0;
      for (;;) {
        const due = await this.dataSource.query<{ id: string; created_at: Date }[]>(
          `SELECT id, created_at FROM orders.orders
            WHERE status = $1 AND NOT backfilled AND created_at <= $2 ORDER BY created_at LIMIT $3`,
          [orderStatusCode('PLACED'), cutoff, BATCH_SIZE],
        );
        for (const order of due) {
          const dueAt = new Date(order.created_at.getTime() + this.config.orderAcceptTimeoutMs).toISOString();
          if ((await this.timeout.execute({ orderId: order.id, dueAt }, now)) === 'rejected') rejected++;
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
