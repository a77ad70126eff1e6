import { Line } from 'react-chartjs-2';
import type { ThroughputBucket, ThroughputView } from '../../libs/contracts/src/analytics';
import { bucketColumn } from './bucket-column';
import { drawnPoints, SERIES_STYLE } from './chart-setup';
import { ChartPanel } from './ChartPanel';
import { type Column, DataTable } from './DataTable';
import { count } from './format';

const SERIES = [
  { key: 'placed', label: 'Placed' },
  { key: 'pickedUp', label: 'Picked up' },
  { key: 'rejected', label: 'Rejected' },
  { key: 'cancelled', label: 'Cancelled' },
] as const;

export function ThroughputChart({ view, csvPath }: { view: ThroughputView; csvPath?: string }) {
  const { buckets, granularity, tz } = view;
  const { labels, column } = bucketColumn(buckets, granularity, tz);
  const columns: Column<ThroughputBucket>[] = [
    column,
    ...SERIES.map((s) => ({ key: s.key, header: s.label, numeric: true, format: (v: unknown) => count(Number(v)) })),
  ];
  return (
    <ChartPanel
      name="throughput"
      csvPath={csvPath}
      title={`Throughput per ${granularity}`}
      note="Orders placed in each bucket, and orders entering picked up, rejected or cancelled in it."
      chart={(labelledBy) => (
        <Line
          role="img"
          aria-labelledby={labelledBy}
          plugins={[drawnPoints]}
          data={{
            labels,
            datasets: SERIES.map((s) => ({
              label: s.label,
              data: buckets.map((b) => b[s.key]),
              borderColor: SERIES_STYLE[s.key].color,
              backgroundColor: SERIES_STYLE[s.key].color,
              pointStyle: SERIES_STYLE[s.key].pointStyle,
              pointRadius: buckets.length > 96 ? 0 : 3,
              borderWidth: 2,
            })),
          }}
          options={{
            interaction: { mode: 'index', intersect: false },
            scales: {
              x: { ticks: { autoSkip: true, maxRotation: 0 } },
              y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'orders' } },
            },
            plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
          }}
        />
      )}
      table={<DataTable caption="Orders per bucket" columns={columns} rows={buckets} rowKey={(b) => b.start} />}
    />
  );
}
