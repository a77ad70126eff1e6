import type { AnalyticsGranularity } from '../../libs/contracts/src/analytics';
import { bucketLabels } from './bucket-labels';
import type { Column } from './DataTable';

const UNIT: Record<AnalyticsGranularity, string> = { hour: 'Hour', day: 'Day', week: 'Week', month: 'Month' };

/**
 * The first column of a table of buckets: each bucket's local start, named as the chart's axis names
 * it, under a heading that says the zone. Returns the axis labels too, so chart and table agree.
 */
export function bucketColumn<Row extends { localStart: string }>(
  buckets: Row[],
  granularity: AnalyticsGranularity,
  tz: string,
): { labels: string[]; column: Column<Row> } {
  const labels = bucketLabels(
    buckets.map((b) => b.localStart),
    granularity,
  );
  const byStart = new Map(buckets.map((b, i) => [b.localStart, labels[i]]));
  return {
    labels,
    column: { key: 'localStart', header: `${UNIT[granularity]} (${tz})`, format: (v) => byStart.get(String(v)) ?? String(v) },
  };
}
