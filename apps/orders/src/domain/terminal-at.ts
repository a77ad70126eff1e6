import { orderMachine } from '#contracts/rules';
import type { OrderEvent } from './order.js';

/**
 * When these events took the order into its terminal status, or null if none did. Retention and
 * a tracking link's time to live count from there: changes after it (a late refund) leave it be.
 */
export function reachedTerminalAt(events: readonly OrderEvent[]): Date | null {
  const last = events.findLast((e) => e.type === 'order.status_changed' && orderMachine.isTerminal(e.to));
  return last?.at ?? null;
}
