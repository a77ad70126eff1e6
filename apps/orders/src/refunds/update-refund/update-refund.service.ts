import { UUID_PATTERN } from '#contracts';
import type { RefundView, Result, UpdateRefundCommand } from '#contracts';
import { inTransaction, readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findRefundStatus, settleRefund } from '../../persistence/refund.repository.js';
import { fail, ok } from '../../result.js';
import { toRefundView } from '../../wire/refund-view.mapper.js';

@Injectable()
export class UpdateRefundService {
  private readonly reader: Reader;

  constructor(private readonly dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** PENDING to PROCESSED or FAILED, once; a refund settled already answers what it became. */
  async execute(command: UpdateRefundCommand): Promise<Result<RefundView>> {
    if (!UUID_PATTERN.test(command.refundId)) return missing(command.refundId);
    const settled = await inTransaction(this.dataSource, (tx) =>
      settleRefund(tx, command.refundId, command.status, command.brandIds),
    );
    if (settled) return ok(toRefundView(settled));
    const status = await findRefundStatus(this.reader, command.refundId, command.brandIds);
    if (!status) return missing(command.refundId);
    return fail({
      code: 'refund_not_pending',
      status,
      detail: `Refund ${command.refundId} is already ${status}; only PENDING refunds can be settled.`,
    });
  }
}

const missing = <T>(refundId: string): Result<T> => fail({ code: 'not_found', detail: `Refund ${refundId} does not exist.` });
