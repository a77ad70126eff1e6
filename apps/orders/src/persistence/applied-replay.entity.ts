import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A replayed command already applied; see the migration that creates it. */
@Entity({ schema: 'orders', name: 'applied_replays' })
export class AppliedReplayEntity {
  @PrimaryColumn('text', { name: 'message_id' })
  messageId: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('timestamptz', { name: 'applied_at' })
  appliedAt: Date;
}
