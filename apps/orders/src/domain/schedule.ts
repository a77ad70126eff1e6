/** What makes an order scheduled, and its estimate of preparation: from configuration and the brand's history. */
export interface SchedulePolicy {
  /** An order for more than this after receipt is scheduled. */
  scheduleThresholdMs: number;
  /** The brand's prep estimate at receipt, in whole minutes. */
  prepEstimateMinutes: number;
}

export interface Schedule {
  scheduled: boolean;
  /** When the kitchen should see the order, and its acceptance time starts counting. */
  releaseAt: Date;
}

/**
 * An order for more than the threshold ahead is scheduled: released its prep estimate before its
 * pickupTime, never before it was received. Every other order is released when received.
 */
export function scheduleOf(pickupTime: Date | null, createdAt: Date, policy: SchedulePolicy): Schedule {
  if (!isScheduled(pickupTime, createdAt, policy.scheduleThresholdMs)) return { scheduled: false, releaseAt: createdAt };
  const release = pickupTime!.getTime() - policy.prepEstimateMinutes * 60_000;
  return { scheduled: true, releaseAt: new Date(Math.max(release, createdAt.getTime())) };
}

/** Whether a scheduled order's pickupTime is far enough ahead that its release needs the brand's estimate. */
export const isScheduled = (pickupTime: Date | null, receivedAt: Date, scheduleThresholdMs: number): boolean =>
  pickupTime !== null && pickupTime.getTime() - receivedAt.getTime() > scheduleThresholdMs;

/** A PLACED order not accepted by then is rejected: the acceptance time counts from the release. */
export const acceptanceDeadline = (releaseAt: Date, acceptTimeoutMs: number): Date =>
  new Date(releaseAt.getTime() + acceptTimeoutMs);
