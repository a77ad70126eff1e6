import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { REFUND_OUTCOMES, REFUND_STATUSES, type RefundOutcome, type RefundStatus } from '../refunds.js';

export class ListRefundsQueryDto {
  @ApiPropertyOptional({ enum: REFUND_STATUSES })
  @IsOptional()
  @IsIn(REFUND_STATUSES, { message: `status must be one of ${REFUND_STATUSES.join(', ')}` })
  status?: RefundStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'orderId must be a UUID' })
  orderId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque; from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class UpdateRefundDto {
  @ApiProperty({ enum: REFUND_OUTCOMES, example: 'PROCESSED' })
  @IsIn(REFUND_OUTCOMES, { message: `status must be one of ${REFUND_OUTCOMES.join(', ')}` })
  status: RefundOutcome;
}
