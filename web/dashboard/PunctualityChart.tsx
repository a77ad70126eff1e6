import { Bar } from 'react-chartjs-2';
import type { PunctualityBucket, PunctualityView } from '../../libs/contracts/src/analytics';
import { bucketColumn } from './bucket-column';
import { drawnPoints } from './chart-setup';
import { ChartPanel } from './ChartPanel';
import { type Column, DataTable } from './DataTable';
import { count, duration } from './format';

const SERIES = [
  { key: 'onTime', label: 'On time', color: '#1a7f37' },
  { key: 'late', label: 'Late', color: '#b42318' },
] as const;

/** "92 %" of the orders ready in a bucket that were on time; a dash when none was ready. */
const share = (b: PunctualityBucket) => (b.ready === 0 ? '—' : `${Math.round((100 * b.onTime) / b.ready)} %`);

/** Orders ready on time and late per bucket, stacked, with how late the late ones were. */
export function PunctualityChart({ view, csvPath }: { view: PunctualityView; csvPath?: string }) {
  const { buckets, granularity, tz } = view;
  const { labels, column } = bucketColumn(buckets, granularity, tz);
  const columns: Column<PunctualityBucket>[] = [
    column,
    { key: 'ready', header: 'Ready', numeric: true, format: (v) => count(Number(v)) },
    { key: 'onTime', header: 'On time', numeric: true, format: (v, row) => `${count(Number(v))} (${share(row)})` },
    { key: 'late', header: 'Late', numeric: true, format: (v) => count(Number(v)) },
    {
      key: 'averageLatenessSeconds',
      header: 'Average lateness',
      numeric: true,
      format: (v) => duration(v as number | null),
    },
  ];
  return (
    <ChartPanel
      name="punctuality"
      csvPath={csvPath}
      title={`Ready on time per ${granularity}`}
      note="Orders that became ready in each bucket with a promised ready time: on time if ready no later than the promise as it then stood."
      chart={(labelledBy) => (
        <Bar
          role="img"
          aria-labelledby={labelledBy}
          plugins={[drawnPoints]}
          data={{
            labels,
            datasets: SERIES.map((s) => ({
              label: s.label,
              data: buckets.map((b) => b[s.key]),
              backgroundColor: s.color,
              borderRadius: 2,
            })),
          }}
          options={{
            interaction: { mode: 'index', intersect: false },
            scales: {
              x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0 } },
              y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'orders' } },
            },
            plugins: {
              legend: { position: 'bottom' },
              tooltip: {
                callbacks: {
                  footer: (items) => {
                    const b = buckets[items[0]?.dataIndex ?? 0];
                    return b?.late ? `late by ${duration(b.averageLatenessSeconds)} on average` : '';
                  },
                },
              },
            },
          }}
        />
      )}
      table={
        <DataTable caption="Orders ready on time and late per bucket" columns={columns} rows={buckets} rowKey={(b) => b.start} />
      }
    />
  );
}
