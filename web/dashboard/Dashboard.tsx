import { useState } from 'react';
import { KeyGate } from '../shared/KeyGate';
import { Notice } from '../shared/Notice';
import { CustomersTable } from './CustomersTable';
import { DurationsChart } from './DurationsChart';
import type { Filters } from './figures';
import { FilterBar } from './FilterBar';
import { rangeText } from './format';
import { StatusLine } from './StatusLine';
import { SummaryFigures } from './SummaryFigures';
import { ThroughputChart } from './ThroughputChart';
import { useBrands } from './useBrands';
import { useFigures } from './useFigures';
import './dashboard.css';

const INITIAL: Filters = { choice: { preset: '24h' }, brandId: null, customersLimit: 25 };

export function Dashboard() {
  return (
    <KeyGate role="analyst" refusal={null}>
      {(signOut) => <DashboardPage signOut={signOut} />}
    </KeyGate>
  );
}

function DashboardPage({ signOut }: { signOut: (reason?: string) => void }) {
  const [filters, setFilters] = useState<Filters>(INITIAL);
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
        data-brand={figures?.brandId ?? ''}
      >
        <FilterBar filters={filters} brands={brands} onApply={setFilters} />
        {problem && (
          <Notice tone={problem.kind === 'offline' ? 'warning' : 'error'}>
            {problem.message}{' '}
            <button type="button" className="secondary inline" onClick={refresh}>
              Try again now
            </button>
          </Notice>
        )}
        {!figures && !problem && <Notice tone="info">Loading figures…</Notice>}
        {figures && shown && (
          <>
            <p className="showing">
              Showing {rangeText(shown.from, shown.to, shown.granularity)} for{' '}
              <strong>{figures.brandId ? `brand ${figures.brandId}` : 'every brand this key may see'}</strong>.
            </p>
            <div className="grid">
              {figures.summary && <SummaryFigures summary={figures.summary} />}
              {figures.throughput && <ThroughputChart view={figures.throughput} />}
              {figures.orderDurations && <DurationsChart view={figures.orderDurations} />}
              {figures.itemDurations && <DurationsChart view={figures.itemDurations} />}
              {figures.customers && (
                <CustomersTable
                  customers={figures.customers}
                  limit={filters.customersLimit}
                  onLimit={(customersLimit) => setFilters({ ...filters, customersLimit })}
                />
              )}
            </div>
          </>
        )}
      </main>
    </>
  );
}
