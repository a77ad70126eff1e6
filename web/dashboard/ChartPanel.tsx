import { type ReactNode, useId } from 'react';
import { CsvButton } from './CsvButton';

interface Props {
  title: string;
  note: string;
  name: string;
  chart: (labelledBy: string) => ReactNode;
  table: ReactNode;
  /** The API request of these figures, offered as a CSV download. */
  csvPath?: string;
}

/**
 * A chart with its figures as a table under a disclosure: the canvas is an image to assistive
 * technology, the table is what it reads (and what keyboard users can open).
 */
export function ChartPanel({ title, note, name, chart, table, csvPath }: Props) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-panel={name}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="hint" id={`${id}-note`}>
        {note}
      </p>
      <div className="chart-box">{chart(`${id}-title`)}</div>
      <details>
        <summary>Table of these figures</summary>
        {table}
      </details>
      {csvPath && <CsvButton path={csvPath} filename={`${name}.csv`} />}
    </section>
  );
}
