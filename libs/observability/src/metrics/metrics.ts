import { getOrCreateMetric } from '@willsoto/nestjs-prometheus';
import {
  Gauge,
  type Counter,
  type CounterConfiguration,
  type GaugeConfiguration,
  type Histogram,
  type HistogramConfiguration,
  type LabelValues,
  register,
} from 'prom-client';

/*
 * Every shared metric is defined once here, as configuration. The Nest modules register them as
 * @willsoto/nestjs-prometheus providers (inject with `@InjectMetric(name)`); code that Nest does not
 * construct (middleware functions, channel wrappers) uses the same instances below, because
 * `getOrCreateMetric` returns the metric already registered under a name. The in-process tests run
 * all three services in one process, so each name must resolve to one metric.
 */

export const HTTP_REQUEST_DURATION = {
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by route template, method and status code.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
} satisfies HistogramConfiguration<string>;

export const MESSAGES_PUBLISHED = {
  name: 'messaging_published_messages_total',
  help: 'Messages confirmed by the broker, by exchange ("" for a queue) and routing key or queue.',
  labelNames: ['exchange', 'destination'] as const,
} satisfies CounterConfiguration<string>;

export const MESSAGES_HANDLED = {
  name: 'messaging_handled_messages_total',
  help: 'Consumed messages by queue and outcome: acked, retried, dead_lettered, or failed (a read answered with its error).',
  labelNames: ['queue', 'outcome'] as const,
} satisfies CounterConfiguration<string>;

export const MESSAGE_HANDLING_DURATION = {
  name: 'messaging_handling_duration_seconds',
  help: 'Time from delivery to settlement of a consumed message, by queue.',
  labelNames: ['queue'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
} satisfies HistogramConfiguration<string>;

const histogram = <L extends string>(c: HistogramConfiguration<L>) => getOrCreateMetric('Histogram', c) as Histogram<L>;
const counter = <L extends string>(c: CounterConfiguration<L>) => getOrCreateMetric('Counter', c) as Counter<L>;

export const httpRequestDuration = histogram<'method' | 'route' | 'status_code'>(HTTP_REQUEST_DURATION);
export const messagesPublished = counter<'exchange' | 'destination'>(MESSAGES_PUBLISHED);
export const messagesHandled = counter<'queue' | 'outcome'>(MESSAGES_HANDLED);
export const messageHandlingDuration = histogram<'queue'>(MESSAGE_HANDLING_DURATION);

/** A gauge whose value is read when Prometheus scrapes, e.g. from the database. */
export function scrapedGauge(name: string, help: string, read: () => Promise<number>): Gauge {
  const existing = register.getSingleMetric(name);
  if (existing) register.removeSingleMetric(name);
  return new Gauge({
    name,
    help,
    async collect() {
      try {
        this.set(await read());
      } catch {
        // A failed read leaves the last value; readiness reports the broken dependency.
      }
    },
  });
}

interface SeriesSource {
  labels: LabelValues<string>;
  read: () => Promise<number>;
  last?: number;
}
const seriesSources = new Map<string, Map<string, SeriesSource>>();

/**
 * Adds one series to a gauge whose values are read when Prometheus scrapes, and returns its removal.
 * Several sources add to the same gauge (one per queue, say; or the services of the in-process tests,
 * which share one registry). A failed read repeats the series' last value.
 */
export function addScrapedSeries(config: GaugeConfiguration<string>, labels: LabelValues<string>, read: () => Promise<number>) {
  let sources = seriesSources.get(config.name);
  if (!sources) seriesSources.set(config.name, (sources = new Map()));
  if (!register.getSingleMetric(config.name)) {
    const all = sources;
    new Gauge({
      ...config,
      async collect() {
        this.reset();
        await Promise.all(
          [...all.values()].map(async (source) => {
            source.last = await source.read().catch(() => source.last);
            if (source.last !== undefined) this.set(source.labels, source.last);
          }),
        );
      },
    });
  }
  const key = JSON.stringify(labels);
  const source: SeriesSource = { labels, read };
  sources.set(key, source);
  return () => {
    if (sources.get(key) === source) sources.delete(key);
  };
}
