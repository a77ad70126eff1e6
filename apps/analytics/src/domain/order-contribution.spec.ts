import type { OrderEventMap, OrderView } from '#contracts';
import {
  type Contribution,
  contiguousAfter,
  contiguousPrefix,
  contributionOf,
  deltaOf,
  type Emit,
  emptyContribution,
  type Facts,
  foldOfStored,
  foldOrder,
  parseContribution,
  serializeContribution,
  storedFold,
  type StoredEvent,
  SUMMARY_TABLES,
} from './order-contribution.js';

const BRAND = 'brand-1';
const PLACED = '2026-03-01T10:20:00.000Z';
const ms = (iso: string) => Date.parse(iso);
const at = (minutes: number) => new Date(ms(PLACED) + minutes * 60_000).toISOString();

const created = (order: Partial<OrderView> = {}): StoredEvent => ({
  sequence: 1,
  type: 'order.created',
  time: PLACED,
  data: {
    brandId: BRAND,
    placedAt: PLACED,
    customer: { id: 'cust-1', name: 'Ann', phoneNumber: null },
    items: [
      { plu: 'SOUP', name: 'Soup', quantity: 2, unitPrice: 7.25, status: 'QUEUED' },
      { plu: 'BREAD', name: 'Bread', quantity: 3, unitPrice: 0.1, status: 'QUEUED' },
    ],
    ...order,
  } as Partial<OrderView>,
});

type Change = OrderEventMap['order.status_changed'];
const statusChanged = (sequence: number, from: Change['from'], to: Change['to'], minutes: number): StoredEvent => ({
  sequence,
  type: 'order.status_changed',
  time: at(minutes),
  data: { from, to, at: at(minutes) } as Partial<Change>,
});

type ItemChange = OrderEventMap['order.item_status_changed'];
const itemChanged = (sequence: number, plu: string, from: ItemChange['from'], to: ItemChange['to'], minutes: number) => ({
  sequence,
  type: 'order.item_status_changed',
  time: at(minutes),
  data: { plu, from, to, at: at(minutes) } as Partial<ItemChange>,
});

const itemsAdded = (sequence: number, minutes: number, items: { plu: string; quantity: number; unitPrice: number | null }[]) => ({
  sequence,
  type: 'order.items_added',
  time: at(minutes),
  data: { items: items.map((i) => ({ ...i, name: i.plu })) },
});

const key = (...parts: unknown[]) => JSON.stringify(parts);
const QUARTER_OF_PLACED = '2026-03-01T10:15:00.000Z';
const HOUR_OF_PLACED = '2026-03-01T10:00:00.000Z';
const DAY_OF_PLACED = '2026-03-01T00:00:00.000Z';
/** 2 x 7.25 + 3 x 0.10 = 14.80, in millionths. */
const CREATED_AMOUNT = 14_800_000n;

const through = (...events: StoredEvent[]) => contributionOf([created(), ...events]);

describe('what one order adds to the summaries', () => {
  it('when placed: one placed order in its quarter hour, hour and day, its status, its customer and amount; no durations yet', () => {
    const c = contributionOf([created()]);
    expect(c.throughput).toEqual({
      [key('q', QUARTER_OF_PLACED, BRAND)]: [1n, 0n, 0n, 0n],
      [key('h', HOUR_OF_PLACED, BRAND)]: [1n, 0n, 0n, 0n],
      [key('d', DAY_OF_PLACED, BRAND)]: [1n, 0n, 0n, 0n],
    });
    expect(c.statusCounts).toEqual({ [key(BRAND, 'PLACED')]: [1n] });
    expect(c.customers).toEqual({ [key('cust-1')]: [1n, CREATED_AMOUNT] });
    expect(c.customerBrands).toEqual({ [key(BRAND, 'cust-1')]: [1n, CREATED_AMOUNT] });
    expect(c.durations).toEqual({});
    expect(c.processing).toEqual({});
    expect(c.placedAt).toBe(PLACED);
  });

  it('when accepted: the time spent PLACED, bucketed by the hour and day of the change; the status moves', () => {
    const c = through(statusChanged(2, 'PLACED', 'ACCEPTED', 50));
    expect(c.durations).toEqual({
      [key('q', '2026-03-01T11:00:00.000Z', BRAND, 'order', 'PLACED')]: [3_000_000n, 1n],
      [key('h', '2026-03-01T11:00:00.000Z', BRAND, 'order', 'PLACED')]: [3_000_000n, 1n],
      [key('d', DAY_OF_PLACED, BRAND, 'order', 'PLACED')]: [3_000_000n, 1n],
    });
    expect(c.statusCounts).toEqual({ [key(BRAND, 'ACCEPTED')]: [1n] });
    expect(c.throughput).toEqual(contributionOf([created()]).throughput);
  });

  it('when READY: the time spent PREPARING is added and the order counts as READY; throughput does not change', () => {
    const c = through(
      statusChanged(2, 'PLACED', 'ACCEPTED', 1),
      statusChanged(3, 'ACCEPTED', 'PREPARING', 3),
      statusChanged(4, 'PREPARING', 'READY', 10),
    );
    expect(c.durations[key('d', DAY_OF_PLACED, BRAND, 'order', 'PREPARING')]).toEqual([420_000n, 1n]);
    expect(c.durations[key('d', DAY_OF_PLACED, BRAND, 'order', 'READY')]).toBeUndefined();
    expect(c.statusCounts).toEqual({ [key(BRAND, 'READY')]: [1n] });
    expect(c.throughput).toEqual(contributionOf([created()]).throughput);
    expect(c.processing).toEqual({});
  });

  it('when picked up: counted as picked up in the hour of the pickup, and its processing time from placement', () => {
    const c = through(
      statusChanged(2, 'PLACED', 'ACCEPTED', 1),
      statusChanged(3, 'ACCEPTED', 'PREPARING', 2),
      statusChanged(4, 'PREPARING', 'READY', 30),
      statusChanged(5, 'READY', 'PICKED_UP', 45),
    );
    expect(c.throughput).toEqual({
      [key('q', QUARTER_OF_PLACED, BRAND)]: [1n, 0n, 0n, 0n],
      [key('h', HOUR_OF_PLACED, BRAND)]: [1n, 0n, 0n, 0n],
      [key('d', DAY_OF_PLACED, BRAND)]: [1n, 1n, 0n, 0n],
      [key('q', '2026-03-01T11:00:00.000Z', BRAND)]: [0n, 1n, 0n, 0n],
      [key('h', '2026-03-01T11:00:00.000Z', BRAND)]: [0n, 1n, 0n, 0n],
    });
    expect(c.processing).toEqual({ [key(BRAND)]: [1n, 2_700_000n] });
    expect(c.statusCounts).toEqual({ [key(BRAND, 'PICKED_UP')]: [1n] });
    expect(c.durations[key('d', DAY_OF_PLACED, BRAND, 'order', 'READY')]).toEqual([900_000n, 1n]);
  });

  it.each([
    ['REJECTED', 'PLACED', [1n, 0n, 1n, 0n]],
    ['CANCELLED', 'PLACED', [1n, 0n, 0n, 1n]],
  ] as const)('when %s: counted in its own throughput column, with no processing time', (to, from, day) => {
    const c = through(statusChanged(2, from, to, 5));
    expect(c.throughput[key('d', DAY_OF_PLACED, BRAND)]).toEqual(day);
    expect(c.statusCounts).toEqual({ [key(BRAND, to)]: [1n] });
    expect(c.processing).toEqual({});
    // The money of a refused or cancelled order still counts towards its customer, as it did when placed.
    expect(c.customers).toEqual(contributionOf([created()]).customers);
  });

  it('item status changes add the time each item spent in its status, from the order placement for the first', () => {
    const c = through(itemChanged(2, 'SOUP', 'QUEUED', 'PREPARING', 4), itemChanged(3, 'SOUP', 'PREPARING', 'READY', 9));
    expect(c.durations).toEqual({
      [key('q', QUARTER_OF_PLACED, BRAND, 'item', 'QUEUED')]: [240_000n, 1n],
      [key('q', QUARTER_OF_PLACED, BRAND, 'item', 'PREPARING')]: [300_000n, 1n],
      [key('h', HOUR_OF_PLACED, BRAND, 'item', 'QUEUED')]: [240_000n, 1n],
      [key('d', DAY_OF_PLACED, BRAND, 'item', 'QUEUED')]: [240_000n, 1n],
      [key('h', HOUR_OF_PLACED, BRAND, 'item', 'PREPARING')]: [300_000n, 1n],
      [key('d', DAY_OF_PLACED, BRAND, 'item', 'PREPARING')]: [300_000n, 1n],
    });
    expect(c.statusCounts).toEqual({ [key(BRAND, 'PLACED')]: [1n] });
  });

  it('an item change of a line the order never had adds no duration, and its next change is timed from it', () => {
    const c = through(itemChanged(2, 'GHOST', 'QUEUED', 'PREPARING', 4), itemChanged(3, 'GHOST', 'PREPARING', 'READY', 6));
    expect(c.durations).toEqual({
      [key('q', QUARTER_OF_PLACED, BRAND, 'item', 'PREPARING')]: [120_000n, 1n],
      [key('h', HOUR_OF_PLACED, BRAND, 'item', 'PREPARING')]: [120_000n, 1n],
      [key('d', DAY_OF_PLACED, BRAND, 'item', 'PREPARING')]: [120_000n, 1n],
    });
  });

  it('added items add to the amount; a new line is QUEUED from the addition, a known one keeps its time', () => {
    const c = through(
      itemsAdded(2, 5, [
        { plu: 'SOUP', quantity: 1, unitPrice: 7.25 },
        { plu: 'TEA', quantity: 4, unitPrice: 2.3333 },
        { plu: 'NAPKIN', quantity: 9, unitPrice: null },
      ]),
      itemChanged(3, 'SOUP', 'QUEUED', 'PREPARING', 8),
      itemChanged(4, 'TEA', 'QUEUED', 'PREPARING', 8),
    );
    const amount = CREATED_AMOUNT + 7_250_000n + 9_333_200n;
    expect(c.customers).toEqual({ [key('cust-1')]: [1n, amount] });
    expect(c.customerBrands).toEqual({ [key(BRAND, 'cust-1')]: [1n, amount] });
    expect(c.durations[key('d', DAY_OF_PLACED, BRAND, 'item', 'QUEUED')]).toEqual([480_000n + 180_000n, 2n]);
  });

  it('the amount follows quantity changes and removals; lines cancelled with their order still count', () => {
    const quantity = (sequence: number, plu: string, from: number, to: number) => ({
      sequence,
      type: 'order.item_quantity_changed',
      time: at(4),
      data: { plu, from, to, at: at(4) },
    });
    const removal = (sequence: number, plu: string) => ({
      sequence,
      type: 'order.item_status_changed',
      time: at(5),
      data: { plu, from: 'QUEUED', to: 'CANCELLED', at: at(5), reason: 'removed' },
    });
    const amountOf = (c: Contribution) => c.customers[key('cust-1')]![1];
    // 1 x 7.25 + 3 x 0.10
    expect(amountOf(through(quantity(2, 'SOUP', 2, 1)))).toBe(7_550_000n);
    // The bread removed by quantity 0, then its status change: 2 x 7.25.
    expect(amountOf(through(quantity(2, 'BREAD', 3, 0), removal(3, 'BREAD')))).toBe(14_500_000n);
    // Cancelled on its own: removed as well.
    expect(amountOf(through(removal(2, 'SOUP')))).toBe(300_000n);
    // A quantity change after lines were added counts the added quantity first.
    expect(amountOf(through(itemsAdded(2, 1, [{ plu: 'SOUP', quantity: 1, unitPrice: 7.25 }]), quantity(3, 'SOUP', 3, 1)))).toBe(
      7_550_000n,
    );
    const cancelled = through(statusChanged(2, 'PLACED', 'CANCELLED', 3), itemChanged(3, 'SOUP', 'QUEUED', 'CANCELLED', 3));
    expect(amountOf(cancelled)).toBe(CREATED_AMOUNT);
    // Counted once whatever arrives twice or out of order.
    expect(
      contributionOf(contiguousPrefix([removal(3, 'BREAD'), quantity(2, 'BREAD', 3, 0), created(), removal(3, 'BREAD')])),
    ).toEqual(through(quantity(2, 'BREAD', 3, 0), removal(3, 'BREAD')));
  });

  describe('punctuality: orders entering READY against the promise in force then', () => {
    const promised = (sequence: number, minutes: number, promiseMinutes: number): StoredEvent => ({
      sequence,
      type: 'order.promised_time_changed',
      time: at(minutes),
      data: { promisedReadyAt: at(promiseMinutes), at: at(minutes) } as Partial<OrderEventMap['order.promised_time_changed']>,
    });
    const readyAt = (minutes: number, ...before: StoredEvent[]) =>
      through(
        statusChanged(2, 'PLACED', 'ACCEPTED', 1),
        ...before.map((e, i) => ({ ...e, sequence: 3 + i })),
        statusChanged(3 + before.length, 'ACCEPTED', 'READY', minutes),
      );
    // READY at +25 min falls in the 10:45 quarter hour of the 10:00 hour.
    const rows = (values: bigint[]) => ({
      [key('q', '2026-03-01T10:45:00.000Z', BRAND)]: values,
      [key('h', HOUR_OF_PLACED, BRAND)]: values,
      [key('d', DAY_OF_PLACED, BRAND)]: values,
    });

    it('READY no later than the promise is on time, in the quarter hour, hour and day of READY', () => {
      expect(readyAt(25, promised(0, 1, 25)).punctuality).toEqual(rows([1n, 1n, 0n, 0n]));
    });

    it('READY after the promise is late by the difference', () => {
      expect(readyAt(25, promised(0, 1, 20)).punctuality).toEqual(rows([1n, 0n, 1n, 300_000n]));
    });

    it('a promise moved before READY is the one READY is judged by', () => {
      expect(readyAt(25, promised(0, 1, 20), promised(0, 10, 30)).punctuality).toEqual(rows([1n, 1n, 0n, 0n]));
      expect(readyAt(25, promised(0, 1, 30), promised(0, 10, 24)).punctuality).toEqual(rows([1n, 0n, 1n, 60_000n]));
    });

    it('an order that reaches READY with no promise is not counted; nor one that is promised but not yet READY', () => {
      expect(readyAt(25).punctuality).toEqual({});
      expect(through(statusChanged(2, 'PLACED', 'ACCEPTED', 1), promised(3, 1, 20)).punctuality).toEqual({});
    });

    it('a promise the order was created with (a backfill) counts', () => {
      const c = contributionOf([created({ promisedReadyAt: at(20) }), statusChanged(2, 'ACCEPTED', 'READY', 25)]);
      expect(c.punctuality).toEqual(rows([1n, 0n, 1n, 300_000n]));
    });
  });

  it('a refund request adds nothing', () => {
    const refund = { sequence: 2, type: 'refund.requested', time: at(3), data: { amount: 14.8 } };
    expect(through(refund)).toEqual(contributionOf([created()]));
  });

  it('a customer without an id is counted by phone number (digits and +); without either, not at all', () => {
    const byPhone = contributionOf([created({ customer: { id: null, name: null, phoneNumber: '+49 (30) 1234-56' } })]);
    expect(byPhone.customers).toEqual({ [key('+4930123456')]: [1n, CREATED_AMOUNT] });
    const nobody = contributionOf([created({ customer: { id: null, name: 'Ann', phoneNumber: null } })]);
    expect(nobody.customers).toEqual({});
    expect(nobody.customerBrands).toEqual({});
    expect(nobody.statusCounts).toEqual({ [key(BRAND, 'PLACED')]: [1n] });
  });

  it('amounts are exact whatever their size: no double rounding over many lines or huge quantities', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => ({
      plu: `P${i}`,
      name: 'x',
      quantity: 3,
      unitPrice: 0.1,
      status: 'QUEUED' as const,
    }));
    expect(contributionOf([created({ items: lines })]).customers[key('cust-1')]).toEqual([1n, 300_000_000n]);
    const huge = [{ plu: 'H', name: 'x', quantity: 9_999, unitPrice: 999_999_999.9999, status: 'QUEUED' as const }];
    expect(contributionOf([created({ items: huge })]).customers[key('cust-1')]).toEqual([1n, 9_998_999_999_999_000_100n]);
  });

  it('events that do not start with order.created add nothing until it is stored', () => {
    expect(contributionOf([])).toEqual(emptyContribution());
    expect(contributionOf([statusChanged(1, 'PLACED', 'ACCEPTED', 1)])).toEqual(emptyContribution());
  });
});

describe('events as they arrive: duplicated, reordered, with gaps', () => {
  const history = [
    created(),
    statusChanged(2, 'PLACED', 'ACCEPTED', 1),
    itemChanged(3, 'SOUP', 'QUEUED', 'PREPARING', 2),
    statusChanged(4, 'ACCEPTED', 'PREPARING', 3),
    statusChanged(5, 'PREPARING', 'READY', 20),
  ];

  it('takes events 1..n in sequence order, one per sequence, up to the first gap', () => {
    const shuffled = [history[3], history[0], history[2], history[0], history[1], history[2]];
    expect(contiguousPrefix(shuffled).map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect(contiguousPrefix([history[0], history[2], history[3]]).map((e) => e.sequence)).toEqual([1]);
    expect(contiguousPrefix([history[1], history[2]])).toEqual([]);
  });

  it('the same events in any order, any number of times, give the same contribution', () => {
    const inOrder = contributionOf(contiguousPrefix(history));
    const messy = contributionOf(contiguousPrefix([...history].reverse().concat(history.slice(1, 3))));
    expect(messy).toEqual(inOrder);
  });

  it('applying the difference after each arrival sums to the contribution of the whole history, whatever the order', () => {
    const arrivals = [history[4], history[1], history[0], history[1], history[3], history[2]];
    const applied = Object.fromEntries(SUMMARY_TABLES.map((t) => [t, {} as Facts])) as Record<string, Facts>;
    let stored: StoredEvent[] = [];
    let previous = emptyContribution();
    for (const event of arrivals) {
      stored = [...stored, event];
      const next = contributionOf(contiguousPrefix(stored));
      for (const table of SUMMARY_TABLES) {
        for (const [k, d] of Object.entries(deltaOf(next[table], previous[table]))) {
          const row = (applied[table][k] ??= d.map(() => 0n));
          d.forEach((v, i) => (row[i] += v));
        }
      }
      previous = next;
    }
    const whole = contributionOf(history);
    for (const table of SUMMARY_TABLES) {
      const nonZero = Object.fromEntries(Object.entries(applied[table]).filter(([, v]) => v.some((x) => x !== 0n)));
      expect(nonZero).toEqual(whole[table]);
    }
  });
});

describe('deltaOf', () => {
  it('gives new minus old per row, keeps rows that vanished as negatives and leaves out unchanged rows', () => {
    const prev: Facts = { a: [1n, 5n], b: [2n], same: [3n, 3n] };
    const next: Facts = { a: [1n, 7n], c: [4n], same: [3n, 3n] };
    expect(deltaOf(next, prev)).toEqual({ a: [0n, 2n], b: [-2n], c: [4n] });
    expect(deltaOf(next, next)).toEqual({});
  });
});

describe('a contribution as stored', () => {
  it('round-trips through its JSON with counters past 2^53 intact', () => {
    const c: Contribution = contributionOf([created()]);
    c.customers[key('cust-1')] = [1n, 123_456_789_012_345_678_901n];
    expect(parseContribution(JSON.parse(serializeContribution(c)))).toEqual(c);
  });

  it('reads counters stored as JSON numbers, and nothing stored as an empty contribution', () => {
    const parsed = parseContribution({ statusCounts: { [key(BRAND, 'READY')]: [1] }, placedAt: PLACED });
    expect(parsed.statusCounts).toEqual({ [key(BRAND, 'READY')]: [1n] });
    expect(parsed.placedAt).toBe(PLACED);
    expect(parseContribution(null)).toEqual(emptyContribution());
  });
});

describe('an order folded event by event', () => {
  const history = [
    created({ promisedReadyAt: at(15) }),
    statusChanged(2, 'PLACED', 'ACCEPTED', 1),
    itemsAdded(3, 2, [{ plu: 'TEA', quantity: 1, unitPrice: 2.5 }]),
    itemChanged(4, 'SOUP', 'QUEUED', 'PREPARING', 3),
    statusChanged(5, 'ACCEPTED', 'PREPARING', 4),
    itemChanged(6, 'TEA', 'QUEUED', 'CANCELLED', 5),
    statusChanged(7, 'PREPARING', 'READY', 20),
    statusChanged(8, 'READY', 'PICKED_UP', 25),
  ];

  it('emits, over any split of its events and through the stored fold, exactly its contribution', () => {
    const whole = contributionOf(history);
    for (let split = 0; split <= history.length; split++) {
      const summed = emptyContribution();
      const emit: Emit = (table, k, values) => {
        const row = (summed[table][k] ??= values.map(() => 0n));
        values.forEach((v, i) => (row[i] += v));
      };
      const first = foldOrder(null, history.slice(0, split), emit);
      const stored = storedFold(first);
      const reread = stored === null ? null : foldOfStored(JSON.parse(JSON.stringify(stored)));
      foldOrder(reread, contiguousAfter(split, history), emit);
      for (const table of SUMMARY_TABLES) {
        const nonZero = Object.fromEntries(Object.entries(summed[table]).filter(([, v]) => v.some((x) => x !== 0n)));
        expect(nonZero).toEqual(whole[table]);
      }
    }
  });

  it('takes the events after those applied, one per sequence, up to the first gap', () => {
    expect(contiguousAfter(3, [history[5], history[3], history[3], history[0]]).map((e) => e.sequence)).toEqual([4]);
    expect(contiguousAfter(3, [history[5], history[4]])).toEqual([]);
  });
});
