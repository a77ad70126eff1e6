import { APP_CONFIG, type AppConfig } from '#config';
import { inTransaction } from '#persistence';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { archiveTerminalOrders, purgeExpiredTrackingTokens } from '../persistence/order-archive.repository.js';

/** Orders moved per transaction: short row locks, a bounded transaction whatever the backlog. */
const BATCH_SIZE = 500;
/** Retention is counted in days: a sweep an hour is soon enough. */
const SWEEP_EVERY_MS = 3_600_000;

/**
 * With ORDER_RETENTION_DAYS set, moves orders terminal for longer than that to the archive, a batch
 * per transaction, at start-up and then every hour, and deletes the tracking tokens of archived
 * orders whose link has expired. Replicas sweep side by side: each batch skips the orders another
 * one holds. Analytics keeps its own event store, so no figure changes; the archived orders stay
 * readable by id, and by their links until these expire.
 */
@Injectable()
export class ArchiveSweep implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ArchiveSweep.name);
  private loop?: NodeJS.Timeout;
  private sweeping: Promise<unknown> = Promise.resolve();
  private running = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    if (this.config.orderRetentionMs === undefined) return;
    this.loop = setInterval(() => this.runSweep(), SWEEP_EVERY_MS);
    this.runSweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.loop);
    await this.sweeping;
  }

  /** Archives every order past retention at `now`, batch after batch; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const retention = this.config.orderRetentionMs;
    if (retention === undefined) return 0;
    const cutoff = new Date(now.getTime() - retention);
    let archived = 0;
    const ttl = this.config.trackingTtlMs;
    while (!this.stopping) {
      const moved = await inTransaction(this.dataSource, (tx) => archiveTerminalOrders(tx, cutoff, BATCH_SIZE, ttl));
      archived += moved.length;
      if (moved.length > 0) this.logger.log(`archive: ${archived} orders moved so far`);
      if (moved.length < BATCH_SIZE) break;
    }
    while (!this.stopping) {
      const purged = await inTransaction(this.dataSource, (tx) => purgeExpiredTrackingTokens(tx, now, BATCH_SIZE));
      if (purged < BATCH_SIZE) break;
    }
    return archived;
  }

  private runSweep(): void {
    if (this.running) return;
    this.running = true;
    this.sweeping = this.sweep()
      .catch((error: unknown) => this.logger.warn(`archive sweep failed, next one within the hour: ${String(error)}`))
      .finally(() => (this.running = false));
  }
}
