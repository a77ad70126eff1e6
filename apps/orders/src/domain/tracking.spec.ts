import { trackingLinkOpen } from './tracking.js';

describe('trackingLinkOpen', () => {
  const now = new Date('2026-05-01T12:00:00.000Z');
  const day = 86_400_000;

  it('is open while the order is not terminal, however old', () => {
    expect(trackingLinkOpen(null, now, 0)).toBe(true);
  });

  it('stays open for the TTL after the terminal status, to the millisecond, and closes after it', () => {
    expect(trackingLinkOpen(new Date(now.getTime() - day), now, day)).toBe(true);
    expect(trackingLinkOpen(new Date(now.getTime() - day - 1), now, day)).toBe(false);
  });

  it('closes at once after the terminal status with a TTL of 0', () => {
    expect(trackingLinkOpen(now, now, 0)).toBe(true);
    expect(trackingLinkOpen(new Date(now.getTime() - 1), now, 0)).toBe(false);
  });
});
