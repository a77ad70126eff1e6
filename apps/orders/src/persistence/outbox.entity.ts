import type { CloudEvent } from '#contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Events committed with the change that caused them, waiting for the relay. */
@Entity({ schema: 'orders', name: 'outbox' })
@Index('outbox_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'event_id', unique: true })
  eventId: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('int')
  sequence: number;

  @Column('text')
  type: string;

  @Column('jsonb')
  payload: CloudEvent;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;
}
