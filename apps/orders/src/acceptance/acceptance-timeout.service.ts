import { UUID_PATTERN } from '#contracts';
import { APP_CONFIG, type AppConfig } from '#config';
import type { AcceptanceTimeoutCommand } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChangeStatusService } from '../commands/change-status/change-status.service.js';
import { acceptanceDeadline } from '../domain/schedule.js';
import { findAcceptanceState } from '../persistence/order-queries.repository.js';

export const ACCEPTANCE_TIMEOUT_REASON = 'acceptance_timeout';
const SYSTEM = { role: 'system', actor: 'system' };

export type TimeoutOutcome = 'rejected' | 'settled' | 'not_due';

/**
 * Rejects an order still PLACED once its acceptance time is up. It goes through the ordinary
 * status change, which only moves PLACED -> REJECTED and is version-guarded: an accept that
 * commits first wins and this one is refused, never both.
 */
@Injectable()
export class AcceptanceTimeoutService {
  private readonly reader: Reader;

  constructor(
    dataSource: DataSource,
    private readonly changeStatus: ChangeStatusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reader = readerOf(dataSource);
  }

  async execute(command: AcceptanceTimeoutCommand, now = new Date()): Promise<TimeoutOutcome> {
    if (!UUID_PATTERN.test(command.orderId)) return 'settled';
    const order = await findAcceptanceState(this.reader, command.orderId);
    if (!order || order.backfilled || order.status !== 'PLACED') return 'settled';
    // Due by this replica's own setting, which may be longer than that of the replica that swept it.
    if (acceptanceDeadline(order.releaseAt, this.config.orderAcceptTimeoutMs) > now) return 'not_due';
    const result = await this.changeStatus.execute({
      orderId: command.orderId,
      status: 'REJECTED',
      expectedStatus: 'PLACED',
      reason: ACCEPTANCE_TIMEOUT_REASON,
      caller: SYSTEM,
      correlationId: randomUUID(),
    });
    return result.ok ? 'rejected' : 'settled';
  }
}
