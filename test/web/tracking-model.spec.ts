import { countdown, endedText, stepsOf, timeText, type TrackingView } from '../../web/track/tracking-model.js';

const view = (over: Partial<TrackingView> = {}): TrackingView => ({
  status: 'PLACED',
  fulfillment: { mode: 'PICKUP' },
  placedAt: '2026-05-01T12:00:00.000Z',
  scheduled: false,
  pickupTime: null,
  promisedReadyAt: null,
  items: [],
  updatedAt: '2026-05-01T12:00:00.000Z',
  ...over,
});
const states = (v: TrackingView) => stepsOf(v).map((s) => `${s.label}:${s.state}`);

describe('tracking page model', () => {
  it('marks the steps done up to the current status, the last one done once reached, and names it by fulfillment', () => {
    expect(states(view({ status: 'PREPARING' }))).toEqual([
      'Received:done',
      'Accepted:done',
      'Being prepared:current',
      'Ready:todo',
      'Picked up:todo',
    ]);
    expect(states(view({ status: 'PICKED_UP', fulfillment: { mode: 'DELIVERY' } })).at(-1)).toBe('On its way:done');
    expect(stepsOf(view({ status: 'REJECTED' }))).toEqual([]);
    expect(endedText(view({ status: 'CANCELLED' }))).toBe('This order was cancelled.');
  });

  it('counts down to the promised time in minutes and seconds (hours when far), and stops at it', () => {
    const at = Date.parse('2026-05-01T12:20:00.000Z');
    expect(countdown('2026-05-01T12:20:00.000Z', at - 65_000)).toBe('1:05');
    expect(countdown('2026-05-01T12:20:00.000Z', at - 3_725_000)).toBe('1:02:05');
    expect(countdown('2026-05-01T12:20:00.000Z', at)).toBeNull();
    const promised = view({ status: 'ACCEPTED', promisedReadyAt: '2026-05-01T12:20:00.000Z' });
    expect(timeText(promised, at - 1_000).detail).toBe('in 0:01');
    expect(timeText(promised, at + 1_000).detail).toBe('any moment now');
    expect(timeText(view({ status: 'READY' }), at).title).toBe('Ready now');
  });
});
