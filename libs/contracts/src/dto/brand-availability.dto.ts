import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import {
  AVAILABILITY_STATES,
  type AvailabilityState,
  MAX_EXTRA_PREP_MINUTES,
  MIN_EXTRA_PREP_MINUTES,
} from '../brand-availability.js';

/** `PUT /v1/brands/{brandId}/availability`. */
export class SetAvailabilityDto {
  @ApiProperty({ enum: AVAILABILITY_STATES, example: 'BUSY' })
  @IsIn(AVAILABILITY_STATES, { message: `state must be one of ${AVAILABILITY_STATES.join(', ')}` })
  state: AvailabilityState;

  @ApiPropertyOptional({
    example: 10,
    minimum: MIN_EXTRA_PREP_MINUTES,
    maximum: MAX_EXTRA_PREP_MINUTES,
    description: 'Only with state BUSY: minutes added to the brand’s prep estimate while it is busy.',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_EXTRA_PREP_MINUTES)
  @Max(MAX_EXTRA_PREP_MINUTES)
  extraPrepMinutes?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-03T18:00:00Z',
    description: 'Only with BUSY or PAUSED, and in the future: the brand is ONLINE again from then on.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}

/** `PUT /v1/brands/{brandId}/items/{plu}/availability`. */
export class SetItemAvailabilityDto {
  @ApiProperty({ example: false, description: 'false snoozes the plu: orders holding it are refused; true un-snoozes it.' })
  @IsBoolean()
  available: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-03T18:00:00Z',
    description: 'Only with available: false, and in the future: the plu is available again from then on.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}
