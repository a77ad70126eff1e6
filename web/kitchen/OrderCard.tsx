import { useState } from 'react';
import type { ItemStatus, OrderStatus } from '../../libs/contracts/src/statuses';
import { ORDER_TRANSITIONS } from '../../libs/contracts/src/transitions';
import { ActionButton } from './ActionButton';
import {
  amount,
  awaitingRelease,
  type Card,
  type CardNotice,
  fulfillmentLabel,
  isFinished,
  ORDER_ACTION_LABEL,
  orderLabel,
  needsConfirmation,
} from './board-model';
import { PrepMinutes, PromisedTime, Release } from './CardTimes';
import { ItemList } from './ItemList';
import { clock, timeOfDay } from './time-format';

interface Props {
  card: Card;
  notice: CardNotice | undefined;
  busy: boolean;
  /** Server time, in ms. */
  now: number;
  acceptTimeoutMs: number | null;
  onMove(to: OrderStatus, prepMinutes?: number): Promise<void>;
  onMoveItem(plu: string, to: ItemStatus): Promise<void>;
  onDismiss(): void;
}

/** Under this much time left, the countdown turns red. */
const URGENT_MS = 60_000;

export function OrderCard({ card, notice, busy, now, acceptTimeoutMs, onMove, onMoveItem, onDismiss }: Props) {
  const { order } = card;
  const titleId = `order-${order.id}`;
  const finished = isFinished(order.status);
  const [prepMinutes, setPrepMinutes] = useState<number | undefined>(undefined);
  return (
    <article
      className="order-card"
      data-order-id={order.id}
      data-status={order.status}
      aria-labelledby={titleId}
      aria-busy={busy}
    >
      <header className="card-header">
        <h3 id={titleId}>{orderLabel(order)}</h3>
        <span
          className="in-status"
          title="Time in this status"
          aria-label={`In this status for ${clock(now - Date.parse(card.statusSince))}`}
        >
          {clock(now - Date.parse(card.statusSince))}
        </span>
      </header>
      <p className="card-meta">
        <span className={`fulfillment fulfillment-${order.fulfillment.mode.toLowerCase()}`}>{fulfillmentLabel(order)}</span>
        {' · '}
        {order.customer.name ?? order.customer.phoneNumber ?? 'Guest'}
        {order.pickupTime && <> · pickup {timeOfDay(order.pickupTime)}</>}
        <span className="card-total" data-total={order.totalAmount}>
          {' '}
          · {amount(order.totalAmount)}
          {order.refundedAmount > 0 && <> (refunded {amount(order.refundedAmount)})</>}
        </span>
      </p>
      {awaitingRelease(order, now) && <Release order={order} />}
      {order.status === 'PLACED' && !awaitingRelease(order, now) && (
        <Countdown order={card.order} now={now} acceptTimeoutMs={acceptTimeoutMs} />
      )}
      <PromisedTime order={order} now={now} />
      <ItemList items={order.items} actionable={!finished} busy={busy} onMove={onMoveItem} />
      {notice && (
        <div className={`card-notice notice-${notice.tone}`} role="alert">
          <span>{notice.text}</span>
          <button type="button" className="secondary action-small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      {ORDER_TRANSITIONS[order.status].length > 0 && (
        <div className="order-actions">
          {order.status === 'PLACED' && <PrepMinutes order={order} value={prepMinutes} onChange={setPrepMinutes} />}
          {ORDER_TRANSITIONS[order.status].map((to) => (
            <ActionButton
              key={to}
              to={to}
              label={ORDER_ACTION_LABEL[to]}
              accessibleName={`${ORDER_ACTION_LABEL[to]} ${orderLabel(order)}`}
              confirm={needsConfirmation(to)}
              disabled={busy}
              onPress={() => onMove(to, to === 'ACCEPTED' ? prepMinutes : undefined)}
            />
          ))}
        </div>
      )}
    </article>
  );
}

/**
 * Time left to accept before the server rejects the order, counted from its release (a scheduled
 * order's comes long after its creation); imported (backfilled) orders have no timer.
 */
function Countdown({ order, now, acceptTimeoutMs }: { order: Card['order']; now: number; acceptTimeoutMs: number | null }) {
  if (acceptTimeoutMs === null || order.placedAt !== order.createdAt) return null;
  const left = Date.parse(order.releaseAt) + acceptTimeoutMs - now;
  return (
    <p className={`countdown${left < URGENT_MS ? ' countdown-urgent' : ''}`} role="timer" data-remaining-ms={Math.max(0, left)}>
      {left > 0 ? <>Accept within {clock(left)}</> : <>Time is up: rejecting…</>}
    </p>
  );
}
