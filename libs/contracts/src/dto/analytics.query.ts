import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  ANALYTICS_GRANULARITIES,
  ANALYTICS_SCOPES,
  type AnalyticsGranularity,
  type AnalyticsScope,
  DEFAULT_ANALYTICS_ZONE,
  MAX_CUSTOMERS_LIMIT,
} from '../analytics.js';
import { IsStorableText, ToQueryInteger } from './input-rules.js';

const ISO = { strict: true, strictSeparator: true } as const;

class AnalyticsRangeDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Inclusive; a local bucket boundary of tz. Given together with to; without both, the latest buckets.',
  })
  @IsOptional()
  @IsISO8601(ISO, { message: 'from must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive; after from; a local bucket boundary of tz.' })
  @IsOptional()
  @IsISO8601(ISO, { message: 'to must be an ISO 8601 date-time such as 2026-11-02T00:00:00Z' })
  to?: string;

  @ApiPropertyOptional({
    default: DEFAULT_ANALYTICS_ZONE,
    example: 'Europe/Helsinki',
    description: 'IANA time zone name: buckets and boundaries are its local hours, days, weeks and months.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  tz?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  brandId?: string;
}

export class StatusDurationsQueryDto extends AnalyticsRangeDto {
  @ApiPropertyOptional({ enum: ANALYTICS_SCOPES, default: 'order' })
  @IsOptional()
  @IsIn(ANALYTICS_SCOPES, { message: `scope must be one of ${ANALYTICS_SCOPES.join(', ')}` })
  scope?: AnalyticsScope;
}

export class ThroughputQueryDto extends AnalyticsRangeDto {
  @ApiPropertyOptional({ enum: ANALYTICS_GRANULARITIES, default: 'hour' })
  @IsOptional()
  @IsIn(ANALYTICS_GRANULARITIES, { message: `granularity must be one of ${ANALYTICS_GRANULARITIES.join(', ')}` })
  granularity?: AnalyticsGranularity;
}

export class TopCustomersQueryDto {
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @ToQueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_CUSTOMERS_LIMIT)
  limit?: number;
}

export class SummaryQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  brandId?: string;
}
