import { UUID_PATTERN } from '#contracts';
import type { RefundView, Result, UpdateRefundCommand } from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { changeKeyScope, findChangeKeys, insertChangeKeys } from '../../persistence/change-key.repository.js';
import { findRefundStatus, lockRefund, settleRefund } from '../../persistence/refund.repository.js';
import { fail, ok } from '../../result.js';
import { toRefundView } from '../../wire/refund-view.mapper.js';

@Injectable()
export class UpdateRefundService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * PENDING to PROCESSED or FAILED, once; a refund settled already answers what it became. With an
   * Idempotency-Key, the answer is kept in the settlement's transaction and a retry gets it again,
   * not the 409 its own first attempt would otherwise cause.
   */
  async execute(command: UpdateRefundCommand): Promise<Result<RefundView>> {
    if (!UUID_PATTERN.test(command.refundId)) return missing(command.refundId);
    return inTransaction(this.dataSource, async (tx) => {
      await lockRefund(tx, command.refundId);
      const scope =
        command.idempotencyKey && changeKeyScope(command.caller.actor, 'refund-status', command.refundId, command.idempotencyKey);
      const requestHash = command.requestHash ?? '';
      const prior = scope ? (await findChangeKeys(tx, [scope])).get(scope) : undefined;
      if (prior) {
        if (prior.requestHash === requestHash) return prior.answer as Result<RefundView>;
        return fail({
          code: 'idempotency_conflict',
          detail: 'This Idempotency-Key was already used with a different request on this route.',
        });
      }
      const answer = await settle(tx, command);
      if (scope && !(!answer.ok && answer.error.code === 'not_found')) {
        await insertChangeKeys(tx, [{ scope, requestHash, target: command.refundId, answer }], new Date());
      }
      return answer;
    });
  }
}

async function settle(tx: Tx, command: UpdateRefundCommand): Promise<Result<RefundView>> {
  const settled = await settleRefund(tx, command.refundId, command.status, command.brandIds);
  if (settled) return ok(toRefundView(settled));
  const status = await findRefundStatus(tx, command.refundId, command.brandIds);
  if (!status) return missing(command.refundId);
  return fail({
    code: 'refund_not_pending',
    status,
    detail: `Refund ${command.refundId} is already ${status}; only PENDING refunds can be settled.`,
  });
}

const missing = <T>(refundId: string): Result<T> => fail({ code: 'not_found', detail: `Refund ${refundId} does not exist.` });
