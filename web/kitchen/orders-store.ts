import { type Card, type CardNotice, isFinished } from './board-model.js';

/** Every order this page knows, keyed by id, and what the page has to say about some of them. */
export interface BoardState {
  cards: Record<string, Card>;
  notices: Record<string, CardNotice>;
}

export type BoardAction =
  /** The active orders as listed; `listedAt` is when the list was asked for. */
  | { type: 'listed'; cards: Card[]; listedAt: number }
  | { type: 'card'; card: Card }
  | { type: 'gone'; orderId: string }
  | { type: 'notice'; orderId: string; notice: CardNotice | null }
  /** Forgets finished orders that left before `before` (server time, ms): a display runs for days. */
  | { type: 'prune'; before: number };

export const EMPTY_BOARD: BoardState = { cards: {}, notices: {} };

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case 'listed': {
      const cards: Record<string, Card> = {};
      // What the page learned after asking for the list (a new order, a change) is newer than the list;
      // finished orders are never listed as active, and stay in view for a while.
      for (const [id, card] of Object.entries(state.cards)) {
        if (card.seenAt > action.listedAt || isFinished(card.order.status)) cards[id] = card;
      }
      for (const card of action.cards) cards[card.order.id] = newer(cards[card.order.id], card);
      return { ...state, cards };
    }
    case 'card':
      return {
        ...state,
        cards: { ...state.cards, [action.card.order.id]: newer(state.cards[action.card.order.id], action.card) },
      };
    case 'gone': {
      const { [action.orderId]: _gone, ...cards } = state.cards;
      return { ...state, cards };
    }
    case 'prune': {
      const stale = (card: Card) => isFinished(card.order.status) && Date.parse(card.statusSince) < action.before;
      if (!Object.values(state.cards).some(stale)) return state;
      return { ...state, cards: Object.fromEntries(Object.entries(state.cards).filter(([, card]) => !stale(card))) };
    }
    case 'notice': {
      const { [action.orderId]: _old, ...notices } = state.notices;
      return { ...state, notices: action.notice ? { ...notices, [action.orderId]: action.notice } : notices };
    }
  }
}

/** Answers may arrive out of order; the order's version says which one is current. */
function newer(current: Card | undefined, candidate: Card): Card {
  return current && current.order.version > candidate.order.version ? current : candidate;
}
