import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '#persistence';
import { PROJECTION_VERSION, reproject, type StateRow } from './reproject.js';

const BATCH = 500;

/**
 * Brings orders projected by an earlier version up to date after start-up, a batch per
 * transaction, while the service runs: each batch recomputes its orders from their events and
 * applies only the difference (reproject.ts), so a crash or a second instance doing the same
 * changes no figure. Rows locked by the live consumer are skipped and taken by a later pass (or
 * upgraded by the consumer itself, which writes the current shape).
 */
@Injectable()
export class ProjectionUpgradeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionUpgradeService.name);
  private stopping = false;
  private running: Promise<number> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.running = this.run().catch((err: unknown) => {
      this.logger.error(`projection upgrade stopped: ${String(err)}; the next start resumes it`);
      return 0;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Upgrades until no stale order is left (or the service stops); returns how many were upgraded. */
  async run(): Promise<number> {
    let upgraded = 0;
    while (!this.stopping) {
      const n = await inTransaction(this.dataSource, async (tx) => {
        const states = await tx.rows<StateRow>(
          `SELECT order_id, applied_sequence, contribution, projection FROM analytics.order_state
           WHERE projection < $1 ORDER BY order_id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [PROJECTION_VERSION],
        );
        await reproject(tx, states);
        return states.length;
      });
      if (n === 0) break;
      upgraded += n;
      this.logger.log(`projection upgrade: ${upgraded} orders brought to version ${PROJECTION_VERSION}`);
    }
    return upgraded;
  }
}
