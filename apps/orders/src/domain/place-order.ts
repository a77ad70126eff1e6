import { customerKeyOf, parseInstant, pickupTimeProblem } from '#contracts/rules';
import type { CreateOrderCommand } from '#contracts';
import { fail, ok } from '../result.js';
import { Money } from './money.js';
import { fulfillmentOf } from './fulfillment.js';
import type { Decision, Order } from './order.js';
import { lineInput, totalOf } from './order-lines.js';
import { scheduleOf, type SchedulePolicy } from './schedule.js';

/** The contract's defaults (CONTRACT section 1): what an order is decided on without configuration. */
export const DEFAULT_SCHEDULE_POLICY: SchedulePolicy = { scheduleThresholdMs: 3_600_000, prepEstimateMinutes: 15 };

/**
 * A new order, PLACED at version 1 with its items QUEUED, or the refusal of its times: a
 * backfilled `placedAt` is a past instant, a `pickupTime` an instant from 1 minute ago to 7 days
 * ahead (any instant on a backfill). A pickupTime far enough ahead makes it scheduled. Whether its id, channel
 * order, key or payment references are still free is for the store to say.
 */
export function placeOrder(command: CreateOrderCommand, now: Date, policy = DEFAULT_SCHEDULE_POLICY): Decision {
  const { orderId, order: input } = command;
  const placedAt = command.placedAt === undefined ? now : parseInstant(command.placedAt);
  if (!placedAt || placedAt > now) {
    return fail({
      code: 'invalid_time',
      field: 'placedAt',
      detail: `placedAt must be a past instant, got "${command.placedAt}".`,
    });
  }
  const pickupTime = input.pickupTime === undefined ? null : parseInstant(input.pickupTime);
  if (input.pickupTime !== undefined && !pickupTime) {
    return fail({ code: 'invalid_time', field: 'pickupTime', detail: `pickupTime is not an ISO 8601 instant.` });
  }
  const backfilled = command.placedAt !== undefined;
  const pickupProblem = pickupTime && !backfilled ? pickupTimeProblem(pickupTime, now) : null;
  if (pickupProblem) return fail({ code: 'invalid_time', field: 'pickupTime', detail: `${pickupProblem}.` });
  const fulfillment = fulfillmentOf(input);
  if (!fulfillment.ok) return fulfillment;
  const items = input.items.map((item, index) => ({
    ...lineInput(item),
    lineNo: index + 1,
    status: 'QUEUED' as const,
    removed: false,
  }));
  const order: Order = {
    id: orderId,
    channelOrderId: input.channelOrderId,
    brandId: input.brandId,
    account: input.account ?? null,
    customerId: customerKeyOf(input.customer),
    customer: pick(input.customer, ['id', 'name', 'phoneNumber']),
    deliveryAddress: input.deliveryAddress ? pick(input.deliveryAddress, ['city', 'street', 'postalCode']) : null,
    fulfillment: fulfillment.value,
    pickupTime,
    currency: input.currency ?? null,
    status: 'PLACED',
    version: 1,
    lastSequence: 1,
    lastChangeAt: placedAt,
    totalAmount: totalOf(items),
    placedAt,
    createdAt: now,
    updatedAt: now,
    backfilled,
    ...scheduleOf(pickupTime, now, policy),
    acceptedAt: null,
    promisedReadyAt: null,
    items,
    payments: (input.payments ?? []).map((p) => ({ reference: p.reference, amount: Money.fromNumber(p.amount) })),
    refunds: [],
  };
  return ok({ order, events: [{ type: 'order.placed', sequence: 1, at: placedAt, actor: command.caller.actor }] });
}

/** A payment reference the order lists twice, which no store could hold for it. */
export function repeatedPayment(order: Order): string | null {
  const seen = new Set<string>();
  for (const { reference } of order.payments) {
    if (seen.has(reference)) return reference;
    seen.add(reference);
  }
  return null;
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
