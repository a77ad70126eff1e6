import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, SummaryQueryDto, type SummaryView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { assertBrandInScope, scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { SummarySchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class SummaryController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Get('summary')
  @Roles('analyst')
  @ApiOperation({
    operationId: 'getSummary',
    summary: 'Current orders by status, completed orders and mean processing time',
    description: 'Roles: analyst (and admin). averageProcessingSeconds: mean of PICKED_UP time − placedAt; null when none.',
  })
  @ApiOkResponse({ type: SummarySchema })
  @ApiProblems(400, 401, 403, 503, 500)
  get(@Query() query: SummaryQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<SummaryView> {
    assertBrandInScope(caller, query.brandId);
    return this.analytics.query(AnalyticsQueries.summary, {
      ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
      ...scopeOf(caller),
    });
  }
}
