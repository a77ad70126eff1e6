import { APP_CONFIG, type AppConfig } from '#config';
import { orderStatusCode } from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptanceTimeoutService } from './acceptance-timeout.service.js';
import { TIMER_SCHEDULER, type TimerScheduler } from './timer-scheduler.port.js';

export interface AcceptanceTimerOptions {
  /** Start publishing and sweeping on bootstrap; tests drive them by hand. */
  autoStart: boolean;
  batchSize: number;
}
export const ACCEPTANCE_TIMER_OPTIONS = Symbol('ACCEPTANCE_TIMER_OPTIONS');
const DEFAULTS: AcceptanceTimerOptions = { autoStart: true, batchSize: 500 };
const PUBLISH_POLL_MS = 1_000;

/**
 * The acceptance timer: armed in the order's own transaction, published to the delay queue
 * after commit, and backed by a sweep every min(timeout/2, 30 s) over the partial index of
 * PLACED orders, which catches whatever a timer missed (downtime, a lost message).
 */
@Injectable()
export class AcceptanceTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AcceptanceTimers.name);
  private readonly options: AcceptanceTimerOptions;
  private readonly loops: NodeJS.Timeout[] = [];
  /** One publish run and one sweep at a time per process. */
  private publishing: Promise<unknown> = Promise.resolve();
  private sweeping: Promise<unknown> = Promise.resolve();
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeout: AcceptanceTimeoutService,
    @Inject(TIMER_SCHEDULER) private readonly scheduler: TimerScheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(ACCEPTANCE_TIMER_OPTIONS) options?: Partial<AcceptanceTimerOptions>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  get sweepEveryMs(): number {
    return Math.min(this.config.orderAcceptTimeoutMs / 2, 30_000);
  }

  /** Arms the timer of a new order inside its creating transaction. */
  async arm(tx: Tx, orderId: string, createdAt: Date): Promise<void> {
    await tx.affected('INSERT INTO orders.acceptance_timers (order_id, due_at) VALUES ($1, $2)', [
      orderId,
      new Date(createdAt.getTime() + this.config.orderAcceptTimeoutMs),
    ]);
  }

  onApplicationBootstrap(): void {
    if (!this.options.autoStart) return;
    this.started = true;
    this.loops.push(setInterval(() => this.kick(), PUBLISH_POLL_MS));
    this.loops.push(setInterval(() => void this.runSweep(), this.sweepEveryMs));
    this.kick();
    void this.runSweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    this.loops.forEach(clearInterval);
    await Promise.all([this.publishing, this.sweeping]);
  }

  /** Asks for the committed timers to be published soon. */
  kick(): void {
    if (!this.started) return;
    this.publishing = this.publishing.then(() =>
      this.publishPending().catch((e: unknown) => this.logger.warn(`publishing timers failed, retrying: ${String(e)}`)),
    );
  }

  /** Publishes armed timers; rows are marked only after the broker confirmed them (a crash resends). */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await inTransaction(this.dataSource, async (tx) => {
        const rows = await tx.rows<{ order_id: string; due_at: Date }>(
          `SELECT order_id, due_at FROM orders.acceptance_timers WHERE published_at IS NULL
            ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [this.options.batchSize],
        );
        if (rows.length === 0) return 0;
        await this.scheduler.schedule(rows.map((r) => ({ orderId: r.order_id, dueAt: r.due_at })));
        await tx.affected('UPDATE orders.acceptance_timers SET published_at = now() WHERE order_id = ANY($1::uuid[])', [
          rows.map((r) => r.order_id),
        ]);
        return rows.length;
      });
      total += sent;
      if (sent < this.options.batchSize) return total;
    }
  }

  /** Rejects every non-backfilled PLACED order past its time; returns how many it rejected. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.orderAcceptTimeoutMs);
    let rejected = 0;
    for (;;) {
      const due = await this.dataSource.query<{ id: string; created_at: Date }[]>(
        `SELECT id, created_at FROM orders.orders
          WHERE status = $1 AND created_at <= $2 AND NOT backfilled ORDER BY created_at LIMIT $3`,
        [orderStatusCode('PLACED'), cutoff, this.options.batchSize],
      );
      for (const order of due) {
        const dueAt = new Date(order.created_at.getTime() + this.config.orderAcceptTimeoutMs).toISOString();
        if ((await this.timeout.execute({ orderId: order.id, dueAt }, now)) === 'rejected') rejected++;
      }
      if (due.length < this.options.batchSize) return rejected;
    }
  }

  private runSweep(): Promise<unknown> {
    this.sweeping = this.sweeping.then(async () => {
      try {
        const rejected = await this.sweep();
        if (rejected) this.logger.log(`sweep rejected ${rejected} orders past their acceptance time`);
        // A published timer is spent once its time is well past: the sweep covers any that never fired.
        await this.dataSource.query(
          `DELETE FROM orders.acceptance_timers WHERE published_at IS NOT NULL AND due_at < now() - interval '1 hour'`,
        );
      } catch (error) {
        this.logger.warn(`acceptance sweep failed, next one in ${this.sweepEveryMs} ms: ${String(error)}`);
      }
    });
    return this.sweeping;
  }
}
