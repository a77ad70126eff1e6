import { scrapedGauge } from '#observability';

/** Kept in memory: reading the newest of millions of stored events on every scrape is not worth it. */
let lastApplied = 0;

export function recordApplied(eventTime: string): void {
  lastApplied = Math.max(lastApplied, Date.parse(eventTime));
}

export function registerAnalyticsLag(): void {
  scrapedGauge(
    'analytics_lag_seconds',
    'Now minus the time of the newest event applied to the summaries (0 before the first).',
    async () => (lastApplied ? (Date.now() - lastApplied) / 1000 : 0),
  );
}
