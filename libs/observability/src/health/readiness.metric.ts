import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { addScrapedSeries } from '../metrics/metrics.js';
import { probe, READINESS_CHECKS, type ReadinessCheck } from './health.controller.js';

export const SERVICE_READY = {
  name: 'service_ready',
  help: '1 when /health/ready would answer 200 (every dependency answers), else 0; checked when scraped.',
};

/** Readiness as a gauge, so that an alert can tell a live process that cannot work from a healthy one. */
@Injectable()
export class ReadinessMetric implements OnModuleInit, OnModuleDestroy {
  private remove: (() => void) | undefined;

  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  onModuleInit(): void {
    this.remove = addScrapedSeries(SERVICE_READY, {}, () =>
      Promise.all(this.checks.map(probe)).then(
        () => 1,
        () => 0,
      ),
    );
  }

  onModuleDestroy(): void {
    this.remove?.();
  }
}
