import type { ReactNode } from 'react';
import type { OrderStatus } from '../../libs/contracts/src/statuses';
import { type Card, type CardNotice, FINISHED_SHOWN, FINISHED_VISIBLE_MS, ORDER_STATUS_LABEL, orderLabel } from './board-model';
import { timeOfDay } from './time-format';

interface ColumnProps {
  /** An order status, or SCHEDULED: PLACED orders waiting for their release. */
  status: OrderStatus | 'SCHEDULED';
  count: number;
  children: ReactNode;
}

export function Column({ status, count, children }: ColumnProps) {
  const headingId = `column-${status}`;
  return (
    <section className="column" data-status={status} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {status === 'SCHEDULED' ? 'Scheduled' : ORDER_STATUS_LABEL[status]} <span className="count">{count}</span>
      </h2>
      <div className="column-cards">{count > 0 ? children : <p className="empty">No orders</p>}</div>
    </section>
  );
}

/** Where orders went when they left the kitchen: newest first, fading, gone after a while. */
interface FinishedProps {
  cards: Card[];
  notices: Record<string, CardNotice>;
  now: number;
  onDismiss(orderId: string): void;
}

export function FinishedColumn({ cards, notices, now, onDismiss }: FinishedProps) {
  const recent = cards
    .filter((card) => now - Date.parse(card.statusSince) < FINISHED_VISIBLE_MS)
    .sort((a, b) => b.statusSince.localeCompare(a.statusSince))
    .slice(0, FINISHED_SHOWN);
  return (
    <section className="column column-finished" data-status="FINISHED" aria-labelledby="column-finished">
      <h2 id="column-finished">
        Finished <span className="count">{recent.length}</span>
      </h2>
      <ol className="column-cards">
        {recent.map((card) => (
          <li
            key={card.order.id}
            className={`finished-card finished-${card.order.status.toLowerCase()}`}
            data-order-id={card.order.id}
            data-status={card.order.status}
            style={{ opacity: 1 - (0.5 * (now - Date.parse(card.statusSince))) / FINISHED_VISIBLE_MS }}
          >
            <strong>{orderLabel(card.order)}</strong>
            <span>
              {ORDER_STATUS_LABEL[card.order.status]} {timeOfDay(card.statusSince)}
            </span>
            {notices[card.order.id] && (
              <div className={`card-notice notice-${notices[card.order.id]!.tone}`} role="alert">
                <span>{notices[card.order.id]!.text}</span>
                <button type="button" className="secondary action-small" onClick={() => onDismiss(card.order.id)}>
                  Dismiss
                </button>
              </div>
            )}
          </li>
        ))}
        {recent.length === 0 && <li className="empty">None in the last {FINISHED_VISIBLE_MS / 60_000} min</li>}
      </ol>
    </section>
  );
}
