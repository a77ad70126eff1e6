import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, DEFAULT_BUCKETS, MAX_BUCKETS, StatusDurationsQueryDto, type StatusDurationsView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { assertBrandInScope, scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CsvAnswer } from '../../csv/csv-answer.js';
import { StatusDurationsSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';
import { localRange } from '../analytics-range.js';

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
      'Roles: analyst (and admin). A duration counts in the local hour of tz (default UTC) its status was left; from and to ' +
      `must start local hours (a 400 names the nearest), both or neither (the last ${DEFAULT_BUCKETS.hour} hours up to the end of ` +
      "the current one). An item's QUEUED starts when it was added. averageSeconds is null where count is 0. " +
      `Ranges up to ${MAX_BUCKETS.day} days.`,
  })
  @CsvAnswer(StatusDurationsSchema, ['status', 'count', 'averageSeconds'], (v: StatusDurationsView) => v.statuses)
  @ApiProblems(400, 401, 403, 406, 503, 500)
  async get(@Query() query: StatusDurationsQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<StatusDurationsView> {
    assertBrandInScope(caller, query.brandId);
    const range = localRange(query, 'hour', { maxDays: MAX_BUCKETS.day });
    return this.analytics.query(AnalyticsQueries.statusDurations, {
      ...range,
      scope: query.scope ?? 'order',
      ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
      ...scopeOf(caller),
    });
  }
}
