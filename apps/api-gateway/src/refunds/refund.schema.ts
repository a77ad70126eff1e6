/** OpenAPI schemas of what the refunds routes answer (the wire types are in #contracts). */
import { ApiProperty } from '@nestjs/swagger';
import { REFUND_STATUSES } from '#contracts';

export class RefundViewSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ example: 'pay_8f2a' }) paymentReference: string;
  @ApiProperty({ example: 12.5 }) amount: number;
  @ApiProperty({ enum: REFUND_STATUSES, example: 'PENDING' }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RefundPageSchema {
  @ApiProperty({ type: [RefundViewSchema] }) items: RefundViewSchema[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' })
  nextCursor: string | null;
}
