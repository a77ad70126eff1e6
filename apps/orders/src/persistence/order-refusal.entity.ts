import type { DomainError } from '#contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last refusal of a request to create this order, while no order of that id exists. */
@Entity({ schema: 'orders', name: 'order_refusals' })
export class OrderRefusalEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId: string;

  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('jsonb')
  error: DomainError;

  @Column('timestamptz', { name: 'refused_at' })
  refusedAt: Date;
}
