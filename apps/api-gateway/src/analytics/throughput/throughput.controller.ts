import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, MAX_DAY_BUCKETS, MAX_HOUR_BUCKETS, ThroughputQueryDto, type ThroughputView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { assertBrandInScope, scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ThroughputSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';
import { checkedRange } from '../analytics-range.js';

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
    summary: 'Orders placed, picked up, rejected and cancelled per UTC hour or day',
    description:
      'Roles: analyst (and admin). from and to must start a UTC hour (granularity hour) or day (granularity day); ' +
      `one bucket per hour/day of [from, to), zeros included, at most ${MAX_HOUR_BUCKETS} hour or ${MAX_DAY_BUCKETS} day buckets.`,
  })
  @ApiOkResponse({ type: ThroughputSchema })
  @ApiProblems(400, 401, 403, 503, 500)
  async get(@Query() query: ThroughputQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<ThroughputView> {
    assertBrandInScope(caller, query.brandId);
    const granularity = query.granularity ?? 'hour';
    const max = granularity === 'day' ? MAX_DAY_BUCKETS : MAX_HOUR_BUCKETS;
    const range = checkedRange(query, { unit: granularity, max });
    return this.analytics.query(AnalyticsQueries.throughput, {
      ...range,
      granularity,
      ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
      ...scopeOf(caller),
    });
  }
}
