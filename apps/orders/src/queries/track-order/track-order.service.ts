import { APP_CONFIG, type AppConfig } from '#config';
import type { TrackedOrder, TrackOrderQuery } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { trackingLinkOpen } from '../../domain/tracking.js';
import { findTrackedOrder } from '../../persistence/tracking-token.repository.js';
import { findArchivedOrder } from '../../persistence/order-archive.repository.js';
import { findOrder } from '../../persistence/order.repository.js';
import { toTrackingView } from '../../wire/tracking-view.mapper.js';

const DIGEST = /^[0-9a-f]{64}$/;

@Injectable()
export class TrackOrderService {
  private readonly reader: Reader;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reader = readerOf(dataSource);
  }

  /** Null alike for a digest no order has and for a link past its time: the gateway must not tell them apart. */
  async execute(query: TrackOrderQuery): Promise<TrackedOrder | null> {
    if (!DIGEST.test(query.tokenDigest)) return null;
    const tracked = await findTrackedOrder(this.reader, Buffer.from(query.tokenDigest, 'hex'));
    if (!tracked || !trackingLinkOpen(tracked.terminalSince, new Date(), this.config.trackingTtlMs)) return null;
    // An archived order's link works on until it expires, like any other.
    const order = await (tracked.archived ? findArchivedOrder : findOrder)(this.reader, tracked.orderId);
    return order && { orderId: order.id, view: toTrackingView(order) };
  }
}
