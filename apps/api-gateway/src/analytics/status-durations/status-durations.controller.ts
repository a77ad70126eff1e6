import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, MAX_DAY_BUCKETS, StatusDurationsQueryDto, type StatusDurationsView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, ProblemException } from '#http';
import { assertBrandInScope, scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { StatusDurationsSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';
import { checkedRange, DAY_MS } from '../analytics-range.js';

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class StatusDurationsController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Get('status-durations')
  @Roles('analyst')
  @ApiOperation({
    operationId: 'getStatusDurations',
    summary: 'Average time in each non-terminal status',
    description:
      'Roles: analyst (and admin). A duration counts in the UTC hour its status was left; hours whose start lies in [from, to) are included. ' +
      `An item's QUEUED starts when it was added. averageSeconds is null where count is 0. Ranges up to ${MAX_DAY_BUCKETS} days.`,
  })
  @ApiOkResponse({ type: StatusDurationsSchema })
  @ApiProblems(400, 401, 403, 503, 500)
  async get(@Query() query: StatusDurationsQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<StatusDurationsView> {
    assertBrandInScope(caller, query.brandId);
    const range = checkedRange(query);
    if (Date.parse(range.to) - Date.parse(range.from) > MAX_DAY_BUCKETS * DAY_MS) {
      throw ProblemException.validation([{ field: 'to', message: `the range may span at most ${MAX_DAY_BUCKETS} days` }]);
    }
    return this.analytics.query(AnalyticsQueries.statusDurations, {
      ...range,
      scope: query.scope ?? 'order',
      ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
      ...scopeOf(caller),
    });
  }
}
