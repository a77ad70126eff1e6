import { Notice } from '../shared/Notice';
import { useNow } from '../kitchen/use-now';
import { endedText, ITEM_STATUS_TEXT, stepsOf, timeText, type TrackingView } from './tracking-model';
import { type Connection, useTracking } from './use-tracking';
import './track.css';

const tokenOfPage = () => decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] ?? '');

export function Tracking() {
  const { view, connection } = useTracking(tokenOfPage());
  return (
    <main className="track" data-status={view?.status ?? ''} data-connection={connection}>
      <h1>Your order</h1>
      {connection === 'gone' ? (
        <Notice tone="info">This link shows no order: it may have been mistyped, or the order ended a while ago.</Notice>
      ) : view ? (
        <OrderProgress view={view} connection={connection} />
      ) : (
        <Notice tone="info">Loading…</Notice>
      )}
    </main>
  );
}

function OrderProgress({ view, connection }: { view: TrackingView; connection: Connection }) {
  const now = useNow();
  const time = timeText(view, now);
  const ended = endedText(view);
  return (
    <>
      <p className={`live live-${connection}`} role="status">
        {connection === 'live' ? 'Live' : connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
      </p>
      <section className="when" aria-label="Time">
        <strong>{time.title}</strong>
        {time.detail && <span className="countdown">{time.detail}</span>}
      </section>
      {ended ? (
        <Notice tone="warning">{ended}</Notice>
      ) : (
        <ol className="steps" aria-label="Progress">
          {stepsOf(view).map((step) => (
            <li
              key={step.label}
              className={`step step-${step.state}`}
              aria-current={step.state === 'current' ? 'step' : undefined}
            >
              {step.label}
            </li>
          ))}
        </ol>
      )}
      <section aria-label="Items">
        <h2>Items</h2>
        <ul className="items">
          {view.items.map((item, i) => (
            <li key={i} className={`item item-${item.status.toLowerCase()}`}>
              <span className="item-name">
                {item.quantity} × {item.name}
              </span>
              <span className="item-status">{ITEM_STATUS_TEXT[item.status]}</span>
            </li>
          ))}
        </ul>
      </section>
      <p className="updated">Updated {new Date(view.updatedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</p>
    </>
  );
}
