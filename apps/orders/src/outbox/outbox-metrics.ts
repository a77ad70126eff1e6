import { readerOf } from '#persistence';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scrapedGauge } from '#observability';
import { outboxBacklog } from '../persistence/outbox.repository.js';

/** Outbox backlog and the age of its oldest unpublished row, read from the table when scraped. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const reader = readerOf(this.dataSource);
    scrapedGauge('outbox_backlog_messages', 'Committed events not yet confirmed by the broker.', async () => {
      return (await outboxBacklog(reader)).count;
    });
    scrapedGauge('outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row; 0 when empty.', async () => {
      return (await outboxBacklog(reader)).oldestAgeSeconds;
    });
  }
}
