import type { Result, StateMachine } from '#contracts';
import { fail } from '../result.js';
import type { Order } from './order.js';

/* The rules every change to an existing order obeys, each written here once. */

/** A command that names the version it was decided on applies to that version only. */
export function versionRefusal(order: Order, expectedVersion: number | undefined): Result<never> | null {
  if (expectedVersion === undefined || expectedVersion === order.version) return null;
  return fail({
    code: 'version_mismatch',
    currentVersion: order.version,
    detail: `Order ${order.id} is at version ${order.version}, not the one If-Match names; reload it and retry.`,
  });
}

/** The refusal of a move that the state machine, or the state of the order, does not allow. */
export const illegalTransition = (detail: string, from: string, to: string, allowed: readonly string[]): Result<never> =>
  fail({ code: 'illegal_transition', detail, from, to, allowed });

/** Null when `machine` allows `from` → `to`; else the refusal naming what is allowed. */
export function transitionRefusal<S extends string>(
  machine: StateMachine<S>,
  subject: string,
  from: S,
  to: S,
): Result<never> | null {
  const check = machine.check(from, to);
  if (check.ok) return null;
  const allowed = check.allowed.length ? check.allowed.join(', ') : `none (${from} is final)`;
  return illegalTransition(`${subject} cannot go from ${from} to ${to}; allowed: ${allowed}.`, from, to, check.allowed);
}

/** When a change made now happened: history never runs backwards, even if this clock is behind the last writer's. */
export const nextInstant = (order: Order, now: Date): Date => (now < order.lastChangeAt ? order.lastChangeAt : now);

/** What every accepted change does to the order: one version more, its events numbered on, `at` its latest change. */
export const advanced = (order: Order, at: Date, now: Date, eventCount: number): Order => ({
  ...order,
  version: order.version + 1,
  lastSequence: order.lastSequence + eventCount,
  lastChangeAt: at,
  updatedAt: now,
});
