import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { REFUND_OUTCOMES, REFUND_STATUSES, type RefundOutcome, type RefundStatus } from '../refunds.js';
import { PageQueryDto } from './page.query.js';

export class ListRefundsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REFUND_STATUSES })
  @IsOptional()
  @IsIn(REFUND_STATUSES, { message: `status must be one of ${REFUND_STATUSES.join(', ')}` })
  status?: RefundStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'orderId must be a UUID' })
  orderId?: string;
}

export class UpdateRefundDto {
  @ApiProperty({ enum: REFUND_OUTCOMES, example: 'PROCESSED' })
  @IsIn(REFUND_OUTCOMES, { message: `status must be one of ${REFUND_OUTCOMES.join(', ')}` })
  status: RefundOutcome;
}
