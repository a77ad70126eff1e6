import type { RefundView, Result, UpdateRefundCommand } from '#contracts';
import { inTransaction, readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UUID_PATTERN } from '../../persistence/order.repository.js';
import { fail, ok } from '../../result.js';
import { REFUND_COLUMNS, toRefundView, type RefundRow } from '../refund.mapper.js';

@Injectable()
export class UpdateRefundService {
  private readonly reader: Reader;

  constructor(private readonly dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** PENDING to PROCESSED or FAILED, once: the guarded UPDATE lets exactly one of two racing settlements win. */
  async execute(command: UpdateRefundCommand): Promise<Result<RefundView>> {
    if (!UUID_PATTERN.test(command.refundId)) return missing(command.refundId);
    // On its own connection through sqlOn: a bare DataSource.query hands UPDATE ... RETURNING back as [rows, count].
    const [updated] = await inTransaction(this.dataSource, (tx) =>
      tx.rows<RefundRow>(
        `UPDATE orders.refunds r SET status = $2, updated_at = greatest(now(), r.created_at)
        WHERE r.id = $1 AND r.status = 'PENDING' AND ${inScope('$3')} RETURNING ${REFUND_COLUMNS}`,
        [command.refundId, command.status, command.brandIds ?? null],
      ),
    );
    if (updated) return ok(toRefundView(updated));
    const [current] = await this.reader.rows<{ status: string }>(
      `SELECT r.status FROM orders.refunds r WHERE r.id = $1 AND ${inScope('$2')}`,
      [command.refundId, command.brandIds ?? null],
    );
    if (!current) return missing(command.refundId);
    return fail({
      code: 'refund_not_pending',
      status: current.status,
      detail: `Refund ${command.refundId} is already ${current.status}; only PENDING refunds can be settled.`,
    });
  }
}

/** A refund of another brand's order, for a brand-scoped caller, is as unknown as one that does not exist. */
const inScope = (brandIds: string) =>
  `(${brandIds}::text[] IS NULL OR EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = r.order_id AND o.brand_id = ANY(${brandIds})))`;

const missing = <T>(refundId: string): Result<T> => fail({ code: 'not_found', detail: `Refund ${refundId} does not exist.` });
