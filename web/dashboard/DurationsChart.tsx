import { Bar } from 'react-chartjs-2';
import type { AnalyticsScope, StatusDurationsView } from '../../libs/contracts/src/analytics';
import { drawnPoints } from './chart-setup';
import { ChartPanel } from './ChartPanel';
import { type Column, DataTable } from './DataTable';
import { count, duration, statusName } from './format';

type Row = StatusDurationsView['statuses'][number];

const COLUMNS: Column<Row>[] = [
  { key: 'status', header: 'Status', format: (v) => statusName(String(v)) },
  { key: 'averageSeconds', header: 'Average time', numeric: true, format: (v) => duration(v as number | null) },
  { key: 'count', header: 'Times left', numeric: true, format: (v) => count(Number(v)) },
];

const TITLE: Record<AnalyticsScope, string> = {
  order: 'Average time in each order status',
  item: 'Average time in each item status',
};

export function DurationsChart({ view, csvPath }: { view: StatusDurationsView; csvPath?: string }) {
  const rows = view.statuses;
  return (
    <ChartPanel
      name={`durations-${view.scope}`}
      csvPath={csvPath}
      title={TITLE[view.scope]}
      note="Mean time before leaving each status, counted in the hour it was left. No bar: nothing left that status."
      chart={(labelledBy) => (
        <Bar
          role="img"
          aria-labelledby={labelledBy}
          plugins={[drawnPoints]}
          data={{
            labels: rows.map((r) => statusName(r.status)),
            datasets: [
              {
                label: 'Average time',
                data: rows.map((r) => r.averageSeconds),
                backgroundColor: view.scope === 'order' ? '#0b5cad' : '#5a3fa0',
                borderRadius: 4,
              },
            ],
          }}
          options={{
            scales: {
              y: {
                beginAtZero: true,
                title: { display: true, text: 'time' },
                ticks: { stepSize: stepFor(rows), callback: (value) => duration(Number(value)) },
              },
            },
            plugins: {
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: (item) => `${duration(item.parsed.y)} on average, ${count(rows[item.dataIndex]?.count ?? 0)} times`,
                },
              },
            },
          }}
        />
      )}
      table={<DataTable caption="Average time per status" columns={COLUMNS} rows={rows} rowKey={(r) => r.status} />}
    />
  );
}

/** Whole minutes (or hours) between ticks, about six of them, rather than Chart.js's base-10 seconds. */
const STEPS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400];
function stepFor(rows: Row[]): number {
  const max = Math.max(0, ...rows.map((r) => r.averageSeconds ?? 0));
  return STEPS.find((step) => max / step <= 6) ?? Math.ceil(max / 6 / 86_400) * 86_400;
}
