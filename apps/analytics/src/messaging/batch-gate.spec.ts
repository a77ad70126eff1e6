import { jest } from '@jest/globals';
import { BatchGate } from './batch-gate.js';

describe('BatchGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Whether `wait` has resolved, checked after the microtasks of the current turn. */
  const settled = async (wait: Promise<void>) => {
    let done = false;
    void wait.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('lets a small batch go once its oldest event has waited the window, counted from that event', async () => {
    const gate = new BatchGate(256, 50);
    const oldest = performance.now();
    jest.advanceTimersByTime(20);
    const wait = gate.wait(3, oldest);
    jest.advanceTimersByTime(29);
    expect(await settled(wait)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(wait)).toBe(true);
  });

  it('never holds a full batch, nor one whose oldest event has waited long enough already', async () => {
    const gate = new BatchGate(4, 50);
    expect(await settled(gate.wait(4, performance.now()))).toBe(true);
    const oldest = performance.now();
    jest.advanceTimersByTime(50);
    expect(await settled(gate.wait(1, oldest))).toBe(true);
  });

  it('lets a waiting batch go as soon as enough events arrive to fill it, or the consumer stops', async () => {
    const gate = new BatchGate(4, 50);
    const filling = gate.wait(1, performance.now());
    gate.offer(3);
    expect(await settled(filling)).toBe(false);
    gate.offer(4);
    expect(await settled(filling)).toBe(true);

    const stopping = gate.wait(1, performance.now());
    gate.open();
    expect(await settled(stopping)).toBe(true);
  });
});
