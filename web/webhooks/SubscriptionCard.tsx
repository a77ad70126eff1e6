import { useEffect, useState } from 'react';
import { Notice } from '../shared/Notice';
import { type Delivery, explain, FAILED_SHOWN, failedDeliveries, retryDelivery, type Subscription } from './webhooks-api';

/** One subscription: its state, why it is disabled, and its failed deliveries each with a Retry button. */
export function SubscriptionCard({ subscription: s }: { subscription: Subscription }) {
  const [failed, setFailed] = useState<Delivery[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [retried, setRetried] = useState<Record<string, 'sending' | 'queued' | string>>({});

  useEffect(() => {
    let current = true;
    failedDeliveries(s.id).then(
      (items) => current && setFailed(items),
      (error: unknown) => current && setProblem(explain(error)),
    );
    return () => {
      current = false;
    };
  }, [s.id]);

  const retry = (delivery: Delivery) => {
    setRetried((r) => ({ ...r, [delivery.id]: 'sending' }));
    retryDelivery(s.id, delivery.id).then(
      () => setRetried((r) => ({ ...r, [delivery.id]: 'queued' })),
      (error: unknown) => setRetried((r) => ({ ...r, [delivery.id]: explain(error) })),
    );
  };

  return (
    <section className={`subscription subscription-${s.status.toLowerCase()}`} aria-label={s.url} data-id={s.id}>
      <h2>
        <span className={`state state-${s.status.toLowerCase()}`}>{s.status}</span> {s.url}
      </h2>
      {s.description && <p className="description">{s.description}</p>}
      {s.disabledReason && <Notice tone="warning">Disabled: {s.disabledReason}</Notice>}
      <p className="meta">
        Events: {s.types.join(', ')} · Brands: {s.brandIds.length ? s.brandIds.join(', ') : 'all'}
      </p>
      {problem && <Notice tone="error">{problem}</Notice>}
      {failed && failed.length === 0 && <p className="meta">No failed deliveries.</p>}
      {failed && failed.length > 0 && (
        <table className="deliveries">
          <caption>Failed deliveries{failed.length === FAILED_SHOWN ? ` (newest ${FAILED_SHOWN})` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Order</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Created</th>
              <th scope="col" aria-label="Action" />
            </tr>
          </thead>
          <tbody>
            {failed.map((d) => (
              <tr key={d.id} data-delivery={d.id}>
                <td>{d.eventType}</td>
                <td className="mono">{d.orderId.slice(0, 8)}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
                <td>
                  {retried[d.id] === 'queued' ? (
                    <span className="queued">Retry queued</span>
                  ) : (
                    <button type="button" disabled={retried[d.id] === 'sending'} onClick={() => retry(d)}>
                      Retry
                    </button>
                  )}
                  {retried[d.id] && !['sending', 'queued'].includes(retried[d.id]!) && (
                    <span className="retry-error" role="alert">
                      {retried[d.id]}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
