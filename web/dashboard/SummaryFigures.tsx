import type { SummaryView } from '../../libs/contracts/src/analytics';
import { ORDER_STATUSES } from '../../libs/contracts/src/statuses';
import { count, duration, statusName } from './format';

/** The summary is "now", not the chosen range: current statuses and every completed order so far. */
export function SummaryFigures({ summary }: { summary: SummaryView }) {
  return (
    <section className="panel summary" aria-labelledby="summary-title" data-panel="summary">
      <h2 id="summary-title">Right now</h2>
      <p className="hint">Orders by their current status, and all completed orders so far (not limited to the range).</p>
      <dl className="figures">
        <Figure
          name="completedOrders"
          label="Completed orders"
          value={summary.completedOrders}
          text={count(summary.completedOrders)}
        />
        <Figure
          name="averageProcessingSeconds"
          label="Average processing time"
          value={summary.averageProcessingSeconds}
          text={duration(summary.averageProcessingSeconds)}
        />
        {ORDER_STATUSES.map((status) => (
          <Figure
            key={status}
            name={status}
            label={statusName(status)}
            value={summary.ordersByStatus[status]}
            text={count(summary.ordersByStatus[status])}
          />
        ))}
      </dl>
    </section>
  );
}

function Figure({ name, label, value, text }: { name: string; label: string; value: number | null; text: string }) {
  return (
    <div className={`figure figure-${name}`} data-key={name} data-value={JSON.stringify(value)}>
      <dt>{label}</dt>
      <dd>{text}</dd>
    </div>
  );
}
