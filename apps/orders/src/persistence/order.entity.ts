import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export interface CustomerJson {
  id?: string;
  name?: string;
  phoneNumber?: string;
}

export interface AddressJson {
  city?: string;
  street?: string;
  postalCode?: string;
}

@Entity({ schema: 'orders', name: 'orders' })
@Unique('orders_brand_channel_order_uq', ['brandId', 'channelOrderId'])
@Check('orders_status_ck', 'status BETWEEN 1 AND 7')
@Index('orders_created_idx', ['createdAt', 'id'])
@Index('orders_status_created_idx', ['status', 'createdAt'])
@Index('orders_brand_created_idx', ['brandId', 'createdAt'])
@Index('orders_customer_created_idx', ['customerId', 'createdAt'])
@Index('orders_awaiting_acceptance_idx', ['createdAt'], { where: 'status = 1 AND NOT backfilled' })
export class OrderEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'channel_order_id' })
  channelOrderId: string;

  @Column('text', { name: 'brand_id' })
  brandId: string;

  @Column('text', { nullable: true })
  account: string | null;

  /** The analytics customer key (customerKeyOf), not the channel's raw customer id. */
  @Column('text', { name: 'customer_id', nullable: true })
  customerId: string | null;

  @Column('jsonb')
  customer: CustomerJson;

  @Column('jsonb', { name: 'delivery_address', nullable: true })
  deliveryAddress: AddressJson | null;

  @Column('timestamptz', { name: 'pickup_time', nullable: true })
  pickupTime: Date | null;

  @Column('text', { nullable: true })
  currency: string | null;

  @Column('smallint')
  status: number;

  @Column('int', { default: 1 })
  version: number;

  /** The last per-order event sequence handed out; the next event gets last_sequence + 1. */
  @Column('int', { name: 'last_sequence', default: 0 })
  lastSequence: number;

  /** numeric comes back from pg as a string: the mapper turns it into a number. */
  @Column('numeric', { name: 'total_amount', precision: 20, scale: 4, default: 0 })
  totalAmount: string;

  @Column('timestamptz', { name: 'placed_at' })
  placedAt: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  /** Imported history: exempt from the acceptance timer. */
  @Column('boolean', { default: false })
  backfilled: boolean;
}
