import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { OrderEntity } from './order.entity.js';

/** One row per status change, order or item; statuses are the numeric codes of their own kind. */
@Entity({ schema: 'orders', name: 'status_history' })
@Index('status_history_order_idx', ['orderId', 'id'])
export class StatusHistoryEntity {
  /** bigint arrives from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  /** Null for the order itself. */
  @Column('text', { nullable: true })
  plu: string | null;

  @Column('smallint', { name: 'from_status', nullable: true })
  fromStatus: number | null;

  @Column('smallint', { name: 'to_status' })
  toStatus: number;

  @Column('timestamptz')
  at: Date;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { nullable: true })
  actor: string | null;

  /** The sequence of the event this change published; null for changes that publish none. */
  @Column('int', { nullable: true })
  sequence: number | null;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'status_history_order_fk' })
  order?: Relation<OrderEntity>;
}
