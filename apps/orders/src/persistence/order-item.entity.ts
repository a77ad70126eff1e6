import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrderEntity } from './order.entity.js';

@Entity({ schema: 'orders', name: 'order_items' })
@Check('order_items_quantity_ck', 'quantity > 0')
@Check('order_items_status_ck', 'status BETWEEN 1 AND 4')
export class OrderItemEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId: string;

  @PrimaryColumn('text')
  plu: string;

  /** Keeps the lines in the order the channel sent them. */
  @Column('int', { name: 'line_no' })
  lineNo: number;

  @Column('text')
  name: string;

  @Column('int')
  quantity: number;

  @Column('numeric', { name: 'unit_price', precision: 20, scale: 4, nullable: true })
  unitPrice: string | null;

  @Column('smallint')
  status: number;

  @Column('timestamptz', { name: 'added_at' })
  addedAt: Date;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'order_items_order_fk' })
  order?: Relation<OrderEntity>;
}
