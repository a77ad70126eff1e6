import { useState } from 'react';
import { KeyGate } from '../shared/KeyGate';
import { Notice } from '../shared/Notice';
import { CustomersTable } from './CustomersTable';
import { DurationsChart } from './DurationsChart';
import type { Filters, LoadProblem } from './figures';
import { FilterBar } from './FilterBar';
import { rangeText } from './format';
import { PunctualityChart } from './PunctualityChart';
import { StatusLine } from './StatusLine';
import { SummaryFigures } from './SummaryFigures';
import { ThroughputChart } from './ThroughputChart';
import { useBrands } from './useBrands';
import { useFigures } from './useFigures';
import { browserZone } from './zones';
import './dashboard.css';

/** The API's latest hours, in the zone of the analyst's own clock. */
const initialFilters = (): Filters => ({
  choice: { granularity: 'hour', tz: browserZone(), fixed: null },
  brandId: null,
  customersLimit: 25,
});

export function Dashboard() {
  return (
    <KeyGate role="analyst" refusal={null}>
      {(signOut) => <DashboardPage signOut={signOut} />}
    </KeyGate>
  );
}

function DashboardPage({ signOut }: { signOut: (reason?: string) => void }) {
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const { figures, problem, updatedAt, loading, refresh } = useFigures(filters, signOut);
  const brands = useBrands();
  const shown = figures?.range;

  return (
    <>
      <header className="page-header">
        <h1>Analytics dashboard</h1>
        <StatusLine updatedAt={updatedAt} loading={loading} stale={problem?.kind === 'offline'} onRefresh={refresh} />
        <button type="button" className="secondary" onClick={() => signOut()}>
          Change key
        </button>
      </header>
      <main
        className="dashboard"
        aria-busy={loading}
        data-from={shown && new Date(shown.from).toISOString()}
        data-to={shown && new Date(shown.to).toISOString()}
        data-granularity={shown?.granularity}
        data-tz={shown?.tz}
        data-brand={figures?.brandId ?? ''}
      >
        <FilterBar filters={filters} brands={brands} onApply={setFilters} />
        {problem && <ProblemNotice problem={problem} figuresShown={figures !== null} onRetry={refresh} />}
        {!figures && !problem && <Notice tone="info">Loading figures…</Notice>}
        {figures && shown && (
          <>
            <p className="showing" hidden={problem?.kind === 'brand'}>
              Showing {rangeText(shown)} for{' '}
              <strong>{figures.brandId ? `brand ${figures.brandId}` : 'every brand this key may see'}</strong>.
            </p>
            <div className="grid">
              {figures.summary && <SummaryFigures summary={figures.summary} />}
              {figures.throughput && <ThroughputChart view={figures.throughput} csvPath={figures.paths.throughput} />}
              {figures.punctuality && <PunctualityChart view={figures.punctuality} csvPath={figures.paths.punctuality} />}
              {figures.orderDurations && <DurationsChart view={figures.orderDurations} csvPath={figures.paths.orderDurations} />}
              {figures.itemDurations && <DurationsChart view={figures.itemDurations} csvPath={figures.paths.itemDurations} />}
              {figures.customers && (
                <CustomersTable
                  customers={figures.customers}
                  limit={filters.customersLimit}
                  onLimit={(customersLimit) => setFilters({ ...filters, customersLimit })}
                  csvPath={figures.paths.customers}
                />
              )}
            </div>
          </>
        )}
      </main>
    </>
  );
}

const ADVICE: Record<Exclude<LoadProblem['kind'], 'refused'>, string> = {
  offline: 'The figures below are from the last update.',
  brand: 'Choose one of this key’s brands, or leave Brand empty for all of them.',
  rejected: 'Change the range or brand and apply again.',
};

function ProblemNotice({ problem, figuresShown, onRetry }: { problem: LoadProblem; figuresShown: boolean; onRetry: () => void }) {
  if (problem.kind === 'refused') return null;
  const offline = problem.kind === 'offline';
  return (
    <Notice tone={offline ? 'warning' : 'error'}>
      {problem.message} {offline && !figuresShown ? null : ADVICE[problem.kind]}
      {offline && (
        <button type="button" className="secondary inline" onClick={onRetry}>
          Try again now
        </button>
      )}
    </Notice>
  );
}
