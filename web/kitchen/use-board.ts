import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CloudEvent } from '../../libs/contracts/src/events';
import type { OrderView } from '../../libs/contracts/src/order.view';
import type { ItemStatus, OrderStatus } from '../../libs/contracts/src/statuses';
import { ApiError } from '../shared/api';
import { type Card, FINISHED_VISIBLE_MS, ORDER_STATUS_LABEL, orderLabel, refundNotice } from './board-model';
import { changeItemStatus, changeOrderStatus, readActiveOrders, readCard } from './orders-api';
import { forgetPrepEstimate } from './prep-estimates';
import { boardReducer, EMPTY_BOARD } from './orders-store';
import { type StreamState, useOrderStream } from './use-order-stream';

export type LoadState = { kind: 'loading' } | { kind: 'loaded' } | { kind: 'failed'; message: string };

export interface Board {
  cards: Card[];
  notices: ReturnType<typeof boardReducer>['notices'];
  pending: ReadonlySet<string>;
  load: LoadState;
  stream: StreamState;
  acceptTimeoutMs: number | null;
  clockOffsetMs: number;
  announcement: string;
  /** How many availability events each brand has had on the stream: a cue to read its availability again. */
  brandEvents: Record<string, number>;
  reload(): void;
  moveOrder(card: Card, to: OrderStatus, prepMinutes?: number): Promise<void>;
  moveItem(card: Card, plu: string, to: ItemStatus): Promise<void>;
  dismiss(orderId: string): void;
}

const RELOAD_RETRY_MS = 3000;
const PRUNE_EVERY_MS = 60_000;
/** Without a stream to wait for, the board still shows what it can read. */
const LOAD_WITHOUT_STREAM_MS = 1500;

/**
 * The kitchen board: the active orders read once, then kept current by the stream. An event is a
 * cue to re-read its order, so each card carries the version its buttons send as If-Match.
 */
export function useBoard(signOut: (reason?: string) => void): Board {
  const [state, dispatch] = useReducer(boardReducer, EMPTY_BOARD);
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [acceptTimeoutMs, setAcceptTimeoutMs] = useState<number | null>(null);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [brandEvents, setBrandEvents] = useState<Record<string, number>>({});
  const cards = useRef(state.cards);
  cards.current = state.cards;
  const refreshing = useRef(new Map<string, boolean>());
  const loading = useRef<{ again: boolean } | null>(null);
  const retryTimer = useRef<number | undefined>(undefined);

  // The gate's sign-out may change identity on its re-renders; the callbacks below must not.
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;

  /** A refused key ends the session; anything else is the caller's to show. */
  const refusedKey = useCallback((error: unknown): boolean => {
    if (!(error instanceof ApiError)) return false;
    if (error.kind === 'wrong-key' || error.kind === 'no-key') signOutRef.current(error.message);
    else if (error.kind === 'wrong-role') {
      signOutRef.current(`This key cannot use the kitchen display, which needs a staff key: ${error.message}`);
    } else return false;
    return true;
  }, []);

  const announceChange = useCallback((before: Card | undefined, after: OrderView) => {
    if (!before) setAnnouncement(`New order ${orderLabel(after)}`);
    else if (before.order.status !== after.status) {
      setAnnouncement(`Order ${orderLabel(after)} is now ${ORDER_STATUS_LABEL[after.status]}`);
    }
  }, []);

  const reload = useCallback(() => {
    if (loading.current) {
      loading.current.again = true;
      return;
    }
    window.clearTimeout(retryTimer.current);
    loading.current = { again: false };
    const listedAt = Date.now();
    readActiveOrders()
      .then((active) => {
        dispatch({ type: 'listed', cards: active.cards, listedAt });
        setAcceptTimeoutMs(active.acceptTimeoutMs);
        setClockOffsetMs(active.clockOffsetMs);
        setLoad({ kind: 'loaded' });
      })
      .catch((error: unknown) => {
        if (refusedKey(error)) return;
        const message = error instanceof Error ? error.message : String(error);
        setLoad({ kind: 'failed', message });
        retryTimer.current = window.setTimeout(reload, RELOAD_RETRY_MS);
      })
      .finally(() => {
        const again = loading.current?.again;
        loading.current = null;
        if (again) reload();
      });
  }, [refusedKey]);

  /** Re-reads one order; calls that come while it is being read are folded into one more read. */
  const refresh = useCallback(
    (orderId: string) => {
      if (refreshing.current.has(orderId)) {
        refreshing.current.set(orderId, true);
        return;
      }
      refreshing.current.set(orderId, false);
      readCard(orderId)
        .then((card) => {
          if (!card) return dispatch({ type: 'gone', orderId });
          announceChange(cards.current[orderId], card.order);
          dispatch({ type: 'card', card });
        })
        .catch((error: unknown) => {
          if (refusedKey(error)) return;
          // The gateway is out of reach or busy for a moment: the card must not stay behind for good.
          if (error instanceof ApiError && (error.kind === 'unreachable' || error.kind === 'unavailable')) {
            window.setTimeout(() => refresh(orderId), RELOAD_RETRY_MS);
          }
        })
        .finally(() => {
          const again = refreshing.current.get(orderId);
          refreshing.current.delete(orderId);
          if (again) refresh(orderId);
        });
    },
    [announceChange, refusedKey],
  );

  const onEvent = useCallback(
    (event: CloudEvent) => {
      if (event.type === 'order.created') {
        const order = (event as CloudEvent<'order.created'>).data;
        announceChange(cards.current[order.id], order);
        dispatch({ type: 'card', card: { order, statusSince: order.placedAt, seenAt: Date.now() } });
      } else if (event.type.startsWith('brand.')) {
        // A brand's availability changed: its subject is the brand, not an order.
        forgetPrepEstimate(event.subject);
        setBrandEvents((seen) => ({ ...seen, [event.subject]: (seen[event.subject] ?? 0) + 1 }));
      } else if (event.type !== 'refund.requested') {
        refresh(event.subject);
      }
    },
    [announceChange, refresh],
  );

  const stream = useOrderStream({
    onOpen: (resumed) => {
      if (!resumed) reload();
    },
    onEvent,
    onGap: reload,
    onRefused: (error) => refusedKey(error),
  });

  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (!loading.current && Object.keys(cards.current).length === 0) reload();
    }, LOAD_WITHOUT_STREAM_MS);
    return () => {
      window.clearTimeout(timer);
      window.clearTimeout(retryTimer.current);
    };
  }, [reload]);

  useEffect(() => {
    const timer = window.setInterval(
      () => dispatch({ type: 'prune', before: Date.now() + clockOffsetMs - FINISHED_VISIBLE_MS }),
      PRUNE_EVERY_MS,
    );
    return () => window.clearInterval(timer);
  }, [clockOffsetMs]);

  const act = useCallback(
    async (card: Card, change: () => Promise<OrderView | null>) => {
      const orderId = card.order.id;
      setPending((p) => new Set(p).add(orderId));
      dispatch({ type: 'notice', orderId, notice: null });
      try {
        const order = await change();
        if (order === null) {
          dispatch({
            type: 'notice',
            orderId,
            notice: { tone: 'info', text: 'Sent: the card follows as soon as it is applied.' },
          });
          return refresh(orderId);
        }
        const statusSince = order.status === card.order.status ? card.statusSince : order.updatedAt;
        announceChange(card, order);
        dispatch({ type: 'card', card: { order, statusSince, seenAt: Date.now() } });
        const refunded = refundNotice(card.order, order);
        if (refunded) dispatch({ type: 'notice', orderId, notice: { tone: 'info', text: refunded } });
      } catch (error) {
        if (refusedKey(error)) return;
        dispatch({ type: 'notice', orderId, notice: actionFailure(error) });
        if (!(error instanceof ApiError && error.kind === 'unreachable')) refresh(orderId);
      } finally {
        setPending((p) => {
          const next = new Set(p);
          next.delete(orderId);
          return next;
        });
      }
    },
    [announceChange, refresh, refusedKey],
  );

  return {
    cards: Object.values(state.cards),
    notices: state.notices,
    pending,
    load,
    stream,
    acceptTimeoutMs,
    clockOffsetMs,
    announcement,
    brandEvents,
    reload,
    moveOrder: (card, to, prepMinutes) => act(card, () => changeOrderStatus(card, to, prepMinutes)),
    moveItem: (card, plu, to) => act(card, () => changeItemStatus(card, plu, to)),
    dismiss: (orderId) => dispatch({ type: 'notice', orderId, notice: null }),
  };
}

/** What a refused or failed button press tells the person who pressed it. */
function actionFailure(error: unknown): { tone: 'error' | 'warning'; text: string } {
  if (!(error instanceof ApiError)) return { tone: 'error', text: `Not changed: ${String(error)}` };
  const detail = error.problem?.detail ?? error.message;
  switch (error.kind) {
    case 'conflict':
      return {
        tone: 'warning',
        text:
          error.status === 412
            ? `Not changed: someone else changed this order first (${detail}). The card now shows it as it is.`
            : `Not changed: ${detail} The card now shows the order as it is.`,
      };
    case 'unavailable':
      return { tone: 'warning', text: `${error.message}. The change may still be applied; the card will follow.` };
    case 'unreachable':
      return { tone: 'error', text: 'Not sent: the gateway cannot be reached. Try again in a moment.' };
    case 'no-key':
    case 'wrong-key':
    case 'wrong-role':
    case 'rejected':
      return { tone: 'error', text: `Not changed: ${detail}` };
  }
}
