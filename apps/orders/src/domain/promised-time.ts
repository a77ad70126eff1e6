import { parseInstant } from '#contracts/rules';
import type { ChangePromisedTimeCommand } from '#contracts';
import { fail, ok } from '../result.js';
import type { Decision, Order, OrderEvent } from './order.js';
import { advanced, nextInstant, versionRefusal } from './order-rules.js';

const MINUTE_MS = 60_000;
/** A brand's estimate needs this many recent prep times of its own; fewer, and the configured default stands. */
export const MIN_PREP_SAMPLES = 5;
/** The recent prep times an estimate is the median of: the brand's last this many within PREP_SAMPLE_WINDOW_MS. */
export const MAX_PREP_SAMPLES = 50;
export const PREP_SAMPLE_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * A brand's prep estimate: the median of its recent ACCEPTED → READY times (CONTRACT section 6), in
 * whole minutes rounded up; `defaultMinutes` while it has fewer than MIN_PREP_SAMPLES of them.
 */
export function prepEstimateMinutes(prepTimesMs: readonly number[], defaultMinutes: number): number {
  if (prepTimesMs.length < MIN_PREP_SAMPLES) return defaultMinutes;
  const sorted = [...prepTimesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.max(1, Math.ceil(median / MINUTE_MS));
}

/** The promise made on acceptance: ready `prepMinutes` after it, and never before the pickupTime. */
export function promiseOnAcceptance(acceptedAt: Date, prepMinutes: number, pickupTime: Date | null): Date {
  const ready = acceptedAt.getTime() + prepMinutes * MINUTE_MS;
  return new Date(pickupTime ? Math.max(ready, pickupTime.getTime()) : ready);
}

/** Staff move the promise while the kitchen works on the order; never to before its acceptance. */
export function changePromisedTime(order: Order, command: ChangePromisedTimeCommand, now: Date): Decision {
  const versionMismatch = versionRefusal(order, command.expectedVersion);
  if (versionMismatch) return versionMismatch;
  if ((order.status !== 'ACCEPTED' && order.status !== 'PREPARING') || !order.acceptedAt) {
    return fail({
      code: 'promise_not_open',
      status: order.status,
      detail: `Order ${order.id} is ${order.status}; its promised ready time moves only while ACCEPTED or PREPARING.`,
    });
  }
  const promised = parseInstant(command.promisedReadyAt);
  if (!promised || promised < order.acceptedAt) {
    return fail({
      code: 'invalid_time',
      field: 'promisedReadyAt',
      detail: `promisedReadyAt must be an instant no earlier than the order's acceptance at ${order.acceptedAt.toISOString()}.`,
    });
  }
  const at = nextInstant(order, now);
  const event: OrderEvent = {
    type: 'order.promised_time_changed',
    sequence: order.lastSequence + 1,
    at,
    actor: command.caller.actor,
    promisedReadyAt: promised,
    previous: order.promisedReadyAt,
    reason: command.reason ?? null,
  };
  return ok({ order: { ...advanced(order, at, now, 1), promisedReadyAt: promised }, events: [event] });
}
