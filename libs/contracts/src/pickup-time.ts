/** How far ahead an order may be placed for, from when the product receives it (CONTRACT section 6). */
export const MAX_PICKUP_AHEAD_MS = 7 * 24 * 3_600_000;
/** How far in the past a pickupTime may be: a clock a little behind ours, not an order for yesterday. */
export const PICKUP_PAST_GRACE_MS = 60_000;

/**
 * Why `pickupTime` cannot be that of an order received at `receivedAt`, or null when it can.
 * Backfills are exempt: the caller does not ask.
 */
export function pickupTimeProblem(pickupTime: Date, receivedAt: Date): string | null {
  const ahead = pickupTime.getTime() - receivedAt.getTime();
  if (ahead > MAX_PICKUP_AHEAD_MS) return 'pickupTime must be at most 7 days ahead';
  if (ahead < -PICKUP_PAST_GRACE_MS) return 'pickupTime must not be more than 1 minute in the past';
  return null;
}
