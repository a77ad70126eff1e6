import type { Result } from '#contracts';
import type { Sql, WritePart } from '#persistence';
import { changeKeyScope, changeKeysInsert, findChangeKeys, type ChangeKeyRow } from '../persistence/change-key.repository.js';
import { fail } from '../result.js';

/** What a change with an Idempotency-Key carries: its kind, its target and the key with its request's hash. */
export interface KeyedChange {
  kind: string;
  command: {
    orderId: string;
    plu?: string;
    idempotencyKey?: string;
    requestHash?: string;
    caller: { actor: string };
  };
}

/**
 * The Idempotency-Keys of one batch of order changes. Read after the batch locked its orders: a
 * key names one order, so a first attempt still running in another batch (or replica) has
 * committed, key and all, before this one reads. The answer of each keyed change is written in
 * the batch's own transaction, so a key is stored if and only if its change is.
 */
export class BatchKeys<A> {
  private readonly added: ChangeKeyRow[] = [];

  private constructor(private readonly stored: Map<string, ChangeKeyRow>) {}

  static async load<A>(tx: Sql, batch: KeyedChange[]): Promise<BatchKeys<A>> {
    const scopes = batch.flatMap((c) => scopeOf(c) ?? []);
    return new BatchKeys<A>(await findChangeKeys(tx, [...new Set(scopes)]));
  }

  /** The first attempt's answer, a 409 for the key reused with another request, or undefined for a first attempt. */
  answered(change: KeyedChange): Result<A> | undefined {
    const scope = scopeOf(change);
    const prior = scope === undefined ? undefined : this.stored.get(scope);
    if (!prior) return undefined;
    if (prior.requestHash === (change.command.requestHash ?? '')) return prior.answer as Result<A>;
    return fail({
      code: 'idempotency_conflict',
      detail: 'This Idempotency-Key was already used with a different request on this route.',
    });
  }

  /** Keeps a first attempt's answer; an unknown order is not kept (nothing to change, nothing to repeat). */
  record(change: KeyedChange, answer: Result<A>): void {
    const scope = scopeOf(change);
    if (scope === undefined || (!answer.ok && answer.error.code === 'not_found')) return;
    const row = { scope, requestHash: change.command.requestHash ?? '', target: change.command.orderId, answer };
    this.stored.set(scope, row);
    this.added.push(row);
  }

  /** The keys recorded, as a part of the batch's one write (libs/persistence's batch-write.ts). */
  written(at: Date): WritePart | null {
    return changeKeysInsert(this.added, at);
  }
}

function scopeOf({ kind, command }: KeyedChange): string | undefined {
  if (!command.idempotencyKey) return undefined;
  const target = command.plu === undefined ? command.orderId : `${command.orderId}/${command.plu}`;
  return changeKeyScope(command.caller.actor, kind, target, command.idempotencyKey);
}
