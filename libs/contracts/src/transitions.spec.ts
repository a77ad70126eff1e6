import { StateMachine, type TransitionTable } from './state-machine.js';
import { ITEM_STATUSES, ORDER_STATUSES, type ItemStatus, type OrderStatus } from './statuses.js';
import { cascadeToItem, itemMachine, orderMachine } from './transitions.js';

/** CONTRACT section 2, written out again by hand so a slip in transitions.ts cannot hide here. */
const LEGAL_ORDER_HOPS = new Set([
  'PLACED>ACCEPTED',
  'PLACED>REJECTED',
  'PLACED>CANCELLED',
  'ACCEPTED>PREPARING',
  'ACCEPTED>CANCELLED',
  'PREPARING>READY',
  'PREPARING>CANCELLED',
  'READY>PICKED_UP',
  'READY>CANCELLED',
]);
const LEGAL_ITEM_HOPS = new Set([
  'QUEUED>PREPARING',
  'QUEUED>READY',
  'QUEUED>CANCELLED',
  'PREPARING>READY',
  'PREPARING>CANCELLED',
]);

const pairs = <S extends string>(states: readonly S[]): [S, S][] =>
  states.flatMap((from) => states.map((to): [S, S] => [from, to]));

describe('order state machine', () => {
  it('knows exactly the seven statuses', () => {
    expect([...ORDER_STATUSES]).toEqual(['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP', 'REJECTED', 'CANCELLED']);
  });

  it.each(pairs(ORDER_STATUSES))('%s -> %s', (from: OrderStatus, to: OrderStatus) => {
    const allowed = ORDER_STATUSES.filter((s) => LEGAL_ORDER_HOPS.has(`${from}>${s}`));
    if (LEGAL_ORDER_HOPS.has(`${from}>${to}`)) {
      expect(orderMachine.check(from, to)).toEqual({ ok: true, from, to });
    } else {
      const check = orderMachine.check(from, to);
      expect(check.ok).toBe(false);
      expect(check).toMatchObject({ from, to });
      expect(!check.ok && [...check.allowed].sort()).toEqual([...allowed].sort());
    }
  });

  it('has PICKED_UP, REJECTED and CANCELLED as its only terminal statuses', () => {
    expect(ORDER_STATUSES.filter((s) => orderMachine.isTerminal(s))).toEqual(['PICKED_UP', 'REJECTED', 'CANCELLED']);
    expect(orderMachine.nonTerminalStates()).toEqual(['PLACED', 'ACCEPTED', 'PREPARING', 'READY']);
  });

  it('lists the allowed targets in the contract order', () => {
    expect(orderMachine.allowed('PLACED')).toEqual(['ACCEPTED', 'REJECTED', 'CANCELLED']);
    expect(orderMachine.allowed('READY')).toEqual(['PICKED_UP', 'CANCELLED']);
    expect(orderMachine.allowed('CANCELLED')).toEqual([]);
  });
});

describe('item state machine', () => {
  it.each(pairs(ITEM_STATUSES))('%s -> %s', (from: ItemStatus, to: ItemStatus) => {
    const check = itemMachine.check(from, to);
    expect(check.ok).toBe(LEGAL_ITEM_HOPS.has(`${from}>${to}`));
    if (!check.ok) {
      expect([...check.allowed].sort()).toEqual(ITEM_STATUSES.filter((s) => LEGAL_ITEM_HOPS.has(`${from}>${s}`)).sort());
    }
  });

  it('has READY and CANCELLED as its terminal statuses', () => {
    expect(ITEM_STATUSES.filter((s) => itemMachine.isTerminal(s))).toEqual(['READY', 'CANCELLED']);
  });
});

describe('cascadeToItem', () => {
  const expected: Record<OrderStatus, Record<ItemStatus, ItemStatus | null>> = {
    PLACED: { QUEUED: null, PREPARING: null, READY: null, CANCELLED: null },
    ACCEPTED: { QUEUED: null, PREPARING: null, READY: null, CANCELLED: null },
    PREPARING: { QUEUED: null, PREPARING: null, READY: null, CANCELLED: null },
    READY: { QUEUED: 'READY', PREPARING: 'READY', READY: null, CANCELLED: null },
    PICKED_UP: { QUEUED: null, PREPARING: null, READY: null, CANCELLED: null },
    REJECTED: { QUEUED: 'CANCELLED', PREPARING: 'CANCELLED', READY: null, CANCELLED: null },
    CANCELLED: { QUEUED: 'CANCELLED', PREPARING: 'CANCELLED', READY: null, CANCELLED: null },
  };

  it.each(ORDER_STATUSES.flatMap((order) => ITEM_STATUSES.map((item): [OrderStatus, ItemStatus] => [order, item])))(
    'order entering %s, item %s',
    (order: OrderStatus, item: ItemStatus) => {
      const to = cascadeToItem(order, item);
      expect(to).toBe(expected[order][item]);
      // Whatever the cascade does must itself be a legal item hop.
      if (to) expect(itemMachine.check(item, to).ok).toBe(true);
    },
  );
});

describe('StateMachine construction', () => {
  type S = 'A' | 'B' | 'C';

  it('accepts a well-formed table', () => {
    const machine = new StateMachine<S>('ok', { A: ['B', 'C'], B: ['C'], C: [] });
    expect(machine.check('A', 'C')).toEqual({ ok: true, from: 'A', to: 'C' });
    expect(machine.check('C', 'A')).toEqual({ ok: false, from: 'C', to: 'A', allowed: [] });
  });

  it.each([
    ['a target that is not a state', { A: ['B', 'D'], B: [], C: [] }, /A -> D targets an unknown state/],
    ['a self-transition', { A: ['A'], B: [], C: [] }, /A -> A is a self-transition/],
    ['a target listed twice', { A: ['B', 'B'], B: [], C: [] }, /A lists a target twice/],
  ])('refuses %s, naming the machine', (_: string, table: unknown, message: RegExp) => {
    expect(() => new StateMachine<S>('bad', table as TransitionTable<S>)).toThrow(message);
    expect(() => new StateMachine<S>('bad', table as TransitionTable<S>)).toThrow(/^bad: /);
  });
});
