import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scrapedGauge } from '#observability';

/** Outbox backlog and the age of its oldest unpublished row, read from the table when scraped. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    scrapedGauge('outbox_backlog_messages', 'Committed events not yet confirmed by the broker.', async () => {
      const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM orders.outbox WHERE published_at IS NULL')) as {
        n: number;
      }[];
      return row.n;
    });
    scrapedGauge('outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row; 0 when empty.', async () => {
      const [row] = (await this.dataSource.query(
        `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
           FROM orders.outbox WHERE published_at IS NULL`,
      )) as { age: number }[];
      return row.age;
    });
  }
}
