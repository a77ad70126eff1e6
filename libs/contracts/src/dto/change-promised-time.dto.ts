import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsStorableText } from './input-rules.js';

/** `PATCH /v1/orders/{id}/promised-time`. */
export class ChangePromisedTimeDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-03T12:40:00Z',
    description: 'The new promised ready time; not before the order’s acceptance.',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  promisedReadyAt: string;

  @ApiPropertyOptional({ example: 'oven down' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(500)
  reason?: string;
}
