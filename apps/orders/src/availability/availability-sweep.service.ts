import { readerOf } from '#persistence';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { brandsWithPassedUntil } from '../persistence/brand-availability.repository.js';
import { BrandAvailabilityService } from './brand-availability.service.js';

/** Brands visited per round; the rest wait for the next, a second later. */
const BATCH_SIZE = 100;
export const AVAILABILITY_SWEEP_EVERY_MS = 1_000;

/**
 * Publishes what an `until` does when it passes (a brand back ONLINE, a PLU available again): a
 * sweep every second over the partial indexes of rows that have an `until`. Intake does not wait
 * for it (the gateway reads `until` by the clock), so the events may trail the instant by up to a
 * sweep. Safe with several replicas: each brand's change locks its row and re-reads it, so a
 * second sweeper finds nothing left to do and publishes nothing.
 */
@Injectable()
export class AvailabilitySweep implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AvailabilitySweep.name);
  private loop?: NodeJS.Timeout;
  private sweeping: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly availability: BrandAvailabilityService,
  ) {}

  start(everyMs = AVAILABILITY_SWEEP_EVERY_MS): void {
    this.loop = setInterval(() => this.runSweep(), everyMs);
    this.runSweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.loop);
    await this.sweeping;
  }

  /** Applies every `until` passed by `now`; returns how many events that published. */
  async sweep(now = new Date()): Promise<number> {
    const due = await brandsWithPassedUntil(readerOf(this.dataSource), now, BATCH_SIZE);
    let events = 0;
    for (const { brand_id } of due) events += await this.availability.expire(brand_id, now);
    return events;
  }

  private runSweep(): void {
    if (this.running) return;
    this.running = true;
    this.sweeping = this.sweep()
      .then((events) => {
        if (events) this.logger.log(`availability sweep: ${events} until(s) passed`);
      })
      .catch((error: unknown) => this.logger.warn(`availability sweep failed, next one in a second: ${String(error)}`))
      .finally(() => (this.running = false));
  }
}
