import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, type RebuildOutcome } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { assertUnscoped } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { RebuildSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class RebuildController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Post('rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'rebuildAnalytics',
    summary: 'Recompute every summary table from the event history',
    description:
      'Role: admin. The orders’ history reaches analytics as the events of orders.events, every one kept in its event store; ' +
      'this recomputes every summary table from that store in one transaction and answers when done, with { orders, events, tookMs }. ' +
      'It acts on every brand, so a brand-scoped admin key gets a 403.',
  })
  @ApiOkResponse({ type: RebuildSchema })
  @ApiProblems(400, 401, 403, 503, 500)
  rebuild(@CurrentCaller() caller: AuthenticatedCaller): Promise<RebuildOutcome> {
    assertUnscoped(caller, 'A rebuild');
    return this.analytics.query(AnalyticsQueries.rebuild, {});
  }
}
