import { getOrCreateMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

export const rebuildProgress = getOrCreateMetric('Gauge', {
  name: 'analytics_rebuild_progress_ratio',
  help: 'Share of the steps of the running rebuild done (staging, each summary table, the swap); 1 when none runs.',
}) as Gauge;
rebuildProgress.set(1);

export const rebuildsByOutcome = getOrCreateMetric('Counter', {
  name: 'analytics_rebuilds_total',
  help: 'Rebuilds of the summary tables from the event store, by outcome: completed or failed (the old tables stay).',
  labelNames: ['outcome'],
}) as Counter<'outcome'>;

export const rebuildRate = getOrCreateMetric('Gauge', {
  name: 'analytics_rebuild_events_per_second',
  help: 'Events read per second by the last completed rebuild, from its start to the commit of the swap.',
}) as Gauge;
