import { orderMachine, parseInstant, pickupTimeProblem } from '#contracts/rules';
import type { ChangeOrderCommand } from '#contracts';
import { fail, ok } from '../result.js';
import { fulfillmentOf } from './fulfillment.js';
import type { Address, Customer, Decision, DetailChanges, Order } from './order.js';
import { advanced, nextInstant, versionRefusal } from './order-rules.js';
import { DEFAULT_SCHEDULE_POLICY } from './place-order.js';
import { scheduleOf } from './schedule.js';

/** Statuses in which the time and the way the order reaches its customer may still change. */
const PLANNING_STATUSES = ['PLACED', 'ACCEPTED'] as const;

/**
 * An edit of the order's details (CONTRACT section 8): the customer's name and phone merged in,
 * the address, pickupTime and fulfillment replaced whole, under the rules of create for the order
 * as the edit leaves it. Any of them while the order is not terminal; pickupTime and fulfillment
 * only while PLACED or ACCEPTED. While PLACED a new pickupTime decides scheduled and releaseAt
 * again, with the brand's current estimate. Fields given with the value they have change nothing;
 * an edit that changes nothing is answered with the order as it is.
 */
export function changeDetails(order: Order, command: ChangeOrderCommand, now: Date, policy = DEFAULT_SCHEDULE_POLICY): Decision {
  const versionMismatch = versionRefusal(order, command.expectedVersion);
  if (versionMismatch) return versionMismatch;
  const input = command.changes;
  if (orderMachine.isTerminal(order.status)) {
    return fail({
      code: 'order_not_open',
      status: order.status,
      detail: `Order ${order.id} is ${order.status} (final): it cannot change any more.`,
    });
  }
  const planning = input.pickupTime !== undefined || input.fulfillment !== undefined;
  if (planning && !(PLANNING_STATUSES as readonly string[]).includes(order.status)) {
    const field = input.pickupTime !== undefined ? 'pickupTime' : 'fulfillment';
    return fail({
      code: 'order_not_open',
      status: order.status,
      detail: `Order ${order.id} is ${order.status}; its ${field} changes only while it is PLACED or ACCEPTED.`,
    });
  }
  let pickupTime = order.pickupTime;
  if (input.pickupTime !== undefined) {
    pickupTime = input.pickupTime === null ? null : parseInstant(input.pickupTime);
    const problem =
      input.pickupTime === null
        ? null
        : pickupTime
          ? pickupTimeProblem(pickupTime, now)
          : 'pickupTime is not an ISO 8601 instant';
    if (problem) return fail({ code: 'invalid_time', field: 'pickupTime', detail: `${problem}.` });
  }
  const deliveryAddress =
    input.deliveryAddress === undefined ? order.deliveryAddress : input.deliveryAddress && addressOf(input.deliveryAddress);
  const fulfillment = fulfillmentOf({ fulfillment: input.fulfillment ?? order.fulfillment, deliveryAddress });
  if (!fulfillment.ok) return fulfillment;
  const customer = input.customer ? mergedCustomer(order.customer, input.customer) : order.customer;
  const schedule =
    order.status === 'PLACED' && input.pickupTime !== undefined
      ? scheduleOf(pickupTime, order.createdAt, policy)
      : { scheduled: order.scheduled, releaseAt: order.releaseAt };

  const changes: DetailChanges = {};
  if (!same(customer, order.customer)) changes.customer = customer;
  if (!same(deliveryAddress, order.deliveryAddress)) changes.deliveryAddress = deliveryAddress;
  if (pickupTime?.getTime() !== order.pickupTime?.getTime()) changes.pickupTime = pickupTime;
  if (!same(fulfillment.value, order.fulfillment)) changes.fulfillment = fulfillment.value;
  if (schedule.scheduled !== order.scheduled) changes.scheduled = schedule.scheduled;
  if (schedule.releaseAt.getTime() !== order.releaseAt.getTime()) changes.releaseAt = schedule.releaseAt;
  if (Object.keys(changes).length === 0) return ok({ order, events: [] });

  const at = nextInstant(order, now);
  return ok({
    order: { ...advanced(order, at, now, 1), customer, deliveryAddress, pickupTime, fulfillment: fulfillment.value, ...schedule },
    events: [{ type: 'order.updated', sequence: order.lastSequence + 1, at, actor: command.caller.actor, changes }],
  });
}

/** The customer with the name and phone given; the id, the analytics key, stays. */
function mergedCustomer(current: Customer, change: { name?: string; phoneNumber?: string }): Customer {
  return {
    ...current,
    ...(change.name !== undefined && { name: change.name }),
    ...(change.phoneNumber !== undefined && { phoneNumber: change.phoneNumber }),
  };
}

const addressOf = ({ city, street, postalCode }: Address): Address => ({
  ...(city !== undefined && { city }),
  ...(street !== undefined && { street }),
  ...(postalCode !== undefined && { postalCode }),
});

/** Equal as JSON with keys in one order: what a stored jsonb and a fresh input are compared by. */
const same = (a: object | null, b: object | null): boolean => canonical(a) === canonical(b);
const canonical = (value: object | null): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
