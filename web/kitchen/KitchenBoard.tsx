import { awaitingRelease, type Card, isFinished, ACTIVE_STATUSES } from './board-model';
import { BrandControls } from './BrandControls';
import { Column, FinishedColumn } from './Columns';
import { ConnectionNotices, LiveBadge } from './ConnectionStatus';
import { OrderCard } from './OrderCard';
import { useBoard } from './use-board';
import { useNow } from './use-now';
import './kitchen.css';

/** Columns of orders by status, oldest first in each, kept live by the stream. */
export function KitchenBoard({ signOut }: { signOut: (reason?: string) => void }) {
  const board = useBoard(signOut);
  useNow();
  // Read at render, not at the last tick: a card that arrives between ticks must not start from a stale clock.
  const now = Date.now() + board.clockOffsetMs;
  const finished = board.cards.filter((card) => isFinished(card.order.status));
  const cardOf = (card: Card) => (
    <OrderCard
      key={card.order.id}
      card={card}
      notice={board.notices[card.order.id]}
      busy={board.pending.has(card.order.id)}
      now={now}
      acceptTimeoutMs={board.acceptTimeoutMs}
      onMove={(to, prepMinutes) => board.moveOrder(card, to, prepMinutes)}
      onMoveItem={(plu, to) => board.moveItem(card, plu, to)}
      onDismiss={() => board.dismiss(card.order.id)}
    />
  );
  // Scheduled orders wait apart, soonest release first, and move to New by themselves at their release.
  const scheduled = board.cards
    .filter((card) => awaitingRelease(card.order, now))
    .sort((a, b) => a.order.releaseAt.localeCompare(b.order.releaseAt));
  return (
    <>
      <header className="page-header">
        <h1>Kitchen display</h1>
        <LiveBadge stream={board.stream} />
        <button type="button" className="secondary" onClick={() => signOut()}>
          Change key
        </button>
      </header>
      <BrandControls brands={[...new Set(board.cards.map((c) => c.order.brandId))].sort()} brandEvents={board.brandEvents} />
      <ConnectionNotices load={board.load} stream={board.stream} empty={board.cards.length === 0} onRetry={board.reload} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {board.announcement}
      </div>
      <main className="kitchen-board">
        <Column status="SCHEDULED" count={scheduled.length}>
          {scheduled.map(cardOf)}
        </Column>
        {ACTIVE_STATUSES.map((status) => {
          const cards = board.cards
            .filter((card) => card.order.status === status && !awaitingRelease(card.order, now))
            .sort((a, b) => a.statusSince.localeCompare(b.statusSince));
          return (
            <Column key={status} status={status} count={cards.length}>
              {cards.map(cardOf)}
            </Column>
          );
        })}
        <FinishedColumn cards={finished} notices={board.notices} now={now} onDismiss={board.dismiss} />
      </main>
    </>
  );
}
