import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrderEntity } from './order.entity.js';

/** The reference is the key: one payment can never be claimed by two orders. */
@Entity({ schema: 'orders', name: 'payments' })
@Index('payments_order_idx', ['orderId', 'lineNo'])
export class PaymentEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'payments_reference_pk' })
  reference: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('int', { name: 'line_no' })
  lineNo: number;

  @Column('numeric', { precision: 20, scale: 4 })
  amount: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'payments_order_fk' })
  order?: Relation<OrderEntity>;
}
