import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, DEFAULT_BUCKETS, type PunctualityView, ThroughputQueryDto } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CsvAnswer } from '../../csv/csv-answer.js';
import { PunctualitySchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';
import { bucketedQuery } from '../analytics-range.js';

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class PunctualityController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Get('punctuality')
  @Roles('analyst')
  @ApiOperation({
    operationId: 'getPunctuality',
    summary: 'Orders ready on time or late against their promised ready time, per local hour, day, week or month',
    description:
      'Roles: analyst (and admin). Counts the orders that entered READY in each bucket with a promisedReadyAt: on time when ' +
      'READY came no later than the promise as it stood then, late otherwise, with the mean lateness of the late ones. ' +
      'The query of throughput: tz (default UTC), granularity, from and to on local boundaries (both or neither; without ' +
      `them the last ${DEFAULT_BUCKETS.hour} hours, ${DEFAULT_BUCKETS.day} days, ${DEFAULT_BUCKETS.week} weeks or ` +
      `${DEFAULT_BUCKETS.month} months), brandId.`,
  })
  @CsvAnswer(
    PunctualitySchema,
    ['start', 'localStart', 'ready', 'onTime', 'late', 'averageLatenessSeconds'],
    (v: PunctualityView) => v.buckets,
  )
  @ApiProblems(400, 401, 403, 406, 503, 500)
  async get(@Query() query: ThroughputQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<PunctualityView> {
    return this.analytics.query(AnalyticsQueries.punctuality, bucketedQuery(query, caller));
  }
}
