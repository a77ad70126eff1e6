/** OpenAPI schemas of what the analytics routes answer (the wire types are the interfaces in #contracts). */
import { ApiProperty } from '@nestjs/swagger';
import { ANALYTICS_GRANULARITIES, ANALYTICS_SCOPES } from '#contracts';

class StatusDurationSchema {
  @ApiProperty({ example: 'PLACED' }) status: string;
  @ApiProperty({ example: 12 }) count: number;
  @ApiProperty({ type: Number, nullable: true, example: 95.5 }) averageSeconds: number | null;
}

export class StatusDurationsSchema {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ example: 'Europe/Helsinki', description: 'The zone of from and to, as asked (UTC by default).' }) tz: string;
  @ApiProperty({ enum: ANALYTICS_SCOPES }) scope: string;
  @ApiProperty({ type: [StatusDurationSchema] }) statuses: StatusDurationSchema[];
}

class ThroughputBucketSchema {
  @ApiProperty({ format: 'date-time', description: 'UTC, with Z.', example: '2026-03-28T22:00:00.000Z' }) start: string;
  @ApiProperty({
    format: 'date-time',
    description: "The same instant with the zone's offset (+00:00 for UTC).",
    example: '2026-03-29T00:00:00.000+02:00',
  })
  localStart: string;
  @ApiProperty() placed: number;
  @ApiProperty() pickedUp: number;
  @ApiProperty() rejected: number;
  @ApiProperty() cancelled: number;
}

export class ThroughputSchema {
  @ApiProperty({ enum: ANALYTICS_GRANULARITIES }) granularity: string;
  @ApiProperty({ example: 'Europe/Helsinki' }) tz: string;
  @ApiProperty({ type: [ThroughputBucketSchema] }) buckets: ThroughputBucketSchema[];
}

class PunctualityBucketSchema {
  @ApiProperty({ format: 'date-time', description: 'UTC, with Z.', example: '2026-03-28T22:00:00.000Z' }) start: string;
  @ApiProperty({
    format: 'date-time',
    description: "The same instant with the zone's offset.",
    example: '2026-03-29T00:00:00.000+02:00',
  })
  localStart: string;
  @ApiProperty({ example: 40, description: 'Orders that entered READY in the bucket with a promised ready time.' }) ready: number;
  @ApiProperty({ example: 36, description: 'Of those, READY no later than the promise as it stood then.' }) onTime: number;
  @ApiProperty({ example: 4 }) late: number;
  @ApiProperty({ type: Number, nullable: true, example: 312.5, description: 'Mean lateness of the late ones; null when none.' })
  averageLatenessSeconds: number | null;
}

export class PunctualitySchema {
  @ApiProperty({ enum: ANALYTICS_GRANULARITIES }) granularity: string;
  @ApiProperty({ example: 'Europe/Helsinki' }) tz: string;
  @ApiProperty({ type: [PunctualityBucketSchema] }) buckets: PunctualityBucketSchema[];
}

export class CustomerLifetimeSchema {
  @ApiProperty({ example: 'c-42' }) customerId: string;
  @ApiProperty({ example: 3 }) orders: number;
  @ApiProperty({ format: 'date-time' }) firstOrderAt: string;
  @ApiProperty({ format: 'date-time' }) lastOrderAt: string;
  @ApiProperty({ example: 157.5, description: 'Sum of quantity × unitPrice over all the customer’s orders.' })
  totalAmount: number;
}

export class CustomerListSchema {
  @ApiProperty({ type: [CustomerLifetimeSchema] }) items: CustomerLifetimeSchema[];
}

export class SummarySchema {
  @ApiProperty({ example: { PLACED: 1, ACCEPTED: 0, PREPARING: 0, READY: 0, PICKED_UP: 2, REJECTED: 0, CANCELLED: 0 } })
  ordersByStatus: Record<string, number>;
  @ApiProperty({ example: 2 }) completedOrders: number;
  @ApiProperty({ type: Number, nullable: true, example: 1800 }) averageProcessingSeconds: number | null;
}

export class RebuildSchema {
  @ApiProperty() orders: number;
  @ApiProperty() events: number;
  @ApiProperty() tookMs: number;
}
