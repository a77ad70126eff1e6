import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../statuses.js';
import { IsStorableText } from './input-rules.js';

export const MIN_PREP_MINUTES = 1;
export const MAX_PREP_MINUTES = 240;

export class ChangeStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'ACCEPTED' })
  @IsIn(ORDER_STATUSES, { message: `status must be one of ${ORDER_STATUSES.join(', ')}` })
  status: OrderStatus;

  @ApiPropertyOptional({ example: 'out of buns' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    example: 20,
    description: 'Only with status ACCEPTED: minutes to prepare, for promisedReadyAt (default: the brand’s prep estimate).',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_PREP_MINUTES)
  @Max(MAX_PREP_MINUTES)
  prepMinutes?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Backfill only (admin and internal keys): when the change happened. Not in the future, not before the previous change.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  at?: string;
}
