import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrderEntity } from './order.entity.js';

/** An armed acceptance timer, waiting to be published to the delay queue once its order committed. */
@Entity({ schema: 'orders', name: 'acceptance_timers' })
@Index('acceptance_timers_unpublished_idx', ['dueAt'], { where: 'published_at IS NULL' })
export class AcceptanceTimerEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @OneToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'acceptance_timers_order_fk' })
  order?: Relation<OrderEntity>;
}
