import { type BrandScope, inBrandScope, type OrderView, type Result } from '#contracts';
import type { Tx } from '#persistence';
import { toOrderView } from '../persistence/order.mapper.js';
import { lockOrderStates, writeChanges, type Change, type OrderState } from '../persistence/order-changes.js';
import { notFound, ok } from '../result.js';

export type ChangeDecider<C> = (command: C, state: OrderState, now: Date) => Result<Change>;

/**
 * Runs a batch of changes to existing orders: their orders are locked and read together, each
 * command is decided in memory in arrival order on what the ones before it left (exactly as if
 * they had run one after another), and what was accepted is written with one statement per
 * table. Answers come from memory; a refusal writes nothing and touches no other command.
 */
export async function runChangeBatch<C extends BrandScope & { orderId: string }>(
  tx: Tx,
  batch: C[],
  decide: ChangeDecider<C>,
): Promise<Result<OrderView>[]> {
  const loaded = await lockOrderStates(
    tx,
    batch.map((c) => c.orderId),
  );
  const current = new Map(loaded);
  const now = new Date();
  const changes: Change[] = [];
  const results = batch.map((command): Result<OrderView> => {
    const state = current.get(command.orderId);
    if (!state || !inBrandScope(command, state.brand_id)) return notFound(command.orderId);
    const change = decide(command, state, now);
    if (!change.ok) return change;
    current.set(command.orderId, change.value.after);
    changes.push(change.value);
    return ok(toOrderView(change.value.after));
  });
  await writeChanges(tx, loaded, current, changes);
  return results;
}
