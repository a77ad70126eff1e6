import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, DEFAULT_BUCKETS, MAX_BUCKETS, ThroughputQueryDto, type ThroughputView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CsvAnswer } from '../../csv/csv-answer.js';
import { ThroughputSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';
import { bucketedQuery } from '../analytics-range.js';

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class ThroughputController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Get('throughput')
  @Roles('analyst')
  @ApiOperation({
    operationId: 'getThroughput',
    summary: 'Orders placed, picked up, rejected and cancelled per local hour, day, week or month',
    description:
      'Roles: analyst (and admin). Buckets are local hours, days, ISO weeks (Monday 00:00) or months of tz (default UTC); ' +
      'from and to must start one (a 400 names the nearest boundaries), both or neither. ' +
      `Without them: the last ${DEFAULT_BUCKETS.hour} hours, ${DEFAULT_BUCKETS.day} days, ${DEFAULT_BUCKETS.week} weeks or ` +
      `${DEFAULT_BUCKETS.month} months up to the end of the current one. One bucket per local bucket of [from, to), zeros ` +
      `included; a DST day has 23 or 25 hours. At most ${MAX_BUCKETS.hour} hours, ${MAX_BUCKETS.day} days, ` +
      `${MAX_BUCKETS.week} weeks or ${MAX_BUCKETS.month} months.`,
  })
  @CsvAnswer(
    ThroughputSchema,
    ['start', 'localStart', 'placed', 'pickedUp', 'rejected', 'cancelled'],
    (v: ThroughputView) => v.buckets,
  )
  @ApiProblems(400, 401, 403, 406, 503, 500)
  async get(@Query() query: ThroughputQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<ThroughputView> {
    return this.analytics.query(AnalyticsQueries.throughput, bucketedQuery(query, caller));
  }
}
