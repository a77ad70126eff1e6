import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../shared/api';
import { KeyGate } from '../shared/KeyGate';
import { Notice } from '../shared/Notice';
import { SubscriptionCard } from './SubscriptionCard';
import { explain, listSubscriptions, type Subscription } from './webhooks-api';
import './webhooks.css';

export function Webhooks() {
  return (
    <KeyGate role="admin" refusal={null}>
      {(signOut) => <WebhooksPage signOut={signOut} />}
    </KeyGate>
  );
}

function WebhooksPage({ signOut }: { signOut: (reason?: string) => void }) {
  const [subscriptions, setSubscriptions] = useState<Subscription[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  const refresh = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    let current = true;
    listSubscriptions().then(
      (items) => current && (setSubscriptions(items), setProblem(null)),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && (error.kind === 'wrong-key' || error.kind === 'wrong-role'))
          return signOut(error.message);
        setProblem(explain(error));
      },
    );
    return () => {
      current = false;
    };
  }, [round, signOut]);

  return (
    <>
      <header className="page-header">
        <h1>Webhooks</h1>
        <button type="button" className="secondary" onClick={refresh}>
          Refresh
        </button>
        <button type="button" className="secondary" onClick={() => signOut()}>
          Change key
        </button>
      </header>
      <main className="webhooks">
        <p className="hint">
          Subscriptions of ordering channels and their failed deliveries. With <code>ADMIN_PORT</code> set, this page works on the
          admin port only.
        </p>
        {problem && <Notice tone="error">{problem}</Notice>}
        {!subscriptions && !problem && <Notice tone="info">Loading subscriptions…</Notice>}
        {subscriptions?.length === 0 && <Notice tone="info">No subscriptions yet (POST /v1/webhooks).</Notice>}
        {subscriptions?.map((s) => (
          <SubscriptionCard key={`${s.id}-${round}`} subscription={s} />
        ))}
      </main>
    </>
  );
}
