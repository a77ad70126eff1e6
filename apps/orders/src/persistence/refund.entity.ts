import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation, Unique } from 'typeorm';
import { OrderEntity } from './order.entity.js';

/** One per payment of an order that ended REJECTED or CANCELLED; the unique reference makes it exactly once. */
@Entity({ schema: 'orders', name: 'refunds' })
@Unique('refunds_payment_reference_uq', ['paymentReference'])
@Check('refunds_status_ck', `status IN ('PENDING', 'PROCESSED', 'FAILED')`)
@Index('refunds_created_idx', ['createdAt', 'id'])
@Index('refunds_order_idx', ['orderId', 'createdAt', 'id'])
@Index('refunds_status_created_idx', ['status', 'createdAt', 'id'])
export class RefundEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('text', { name: 'payment_reference' })
  paymentReference: string;

  @Column('numeric', { precision: 20, scale: 4 })
  amount: string;

  @Column('text', { default: 'PENDING' })
  status: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'refunds_order_fk' })
  order?: Relation<OrderEntity>;
}
