import { useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { KeyGate } from '../shared/KeyGate';
import { Notice } from '../shared/Notice';

export function Dashboard() {
  return (
    <KeyGate role="analyst" refusal={null}>
      {(signOut) => <Summary signOut={signOut} />}
    </KeyGate>
  );
}

function Summary({ signOut }: { signOut: (reason?: string) => void }) {
  const [summary, setSummary] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<unknown>('/v1/analytics/summary')
      .then(({ body }) => setSummary(body))
      .catch((e: unknown) => {
        if (e instanceof ApiError && (e.kind === 'wrong-key' || e.kind === 'wrong-role' || e.kind === 'no-key'))
          signOut(e.message);
        else setError(e instanceof Error ? e.message : String(e));
      });
  }, [signOut]);
  return (
    <>
      <header className="page-header">
        <h1>Analytics dashboard</h1>
      </header>
      {error && <Notice tone="error">{error}</Notice>}
      <pre>{JSON.stringify(summary, null, 2)}</pre>
    </>
  );
}
