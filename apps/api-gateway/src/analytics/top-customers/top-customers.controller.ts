import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AnalyticsQueries,
  type CustomerLifetime,
  DEFAULT_CUSTOMERS_LIMIT,
  MAX_CUSTOMERS_LIMIT,
  TopCustomersQueryDto,
} from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CsvAnswer } from '../../csv/csv-answer.js';
import { CustomerListSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class TopCustomersController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Get('customers')
  @Roles('analyst')
  @ApiOperation({
    operationId: 'listTopCustomers',
    summary: 'Top customers by lifetime orders',
    description: `Roles: analyst (and admin). Most orders first, ties by customerId. limit 1 to ${MAX_CUSTOMERS_LIMIT}, default ${DEFAULT_CUSTOMERS_LIMIT}.`,
  })
  @CsvAnswer(
    CustomerListSchema,
    ['customerId', 'orders', 'firstOrderAt', 'lastOrderAt', 'totalAmount'],
    (v: { items: CustomerLifetime[] }) => v.items,
  )
  @ApiProblems(400, 401, 403, 406, 503, 500)
  get(
    @Query() query: TopCustomersQueryDto,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<{ items: CustomerLifetime[] }> {
    return this.analytics.query(AnalyticsQueries.customers, {
      limit: query.limit ?? DEFAULT_CUSTOMERS_LIMIT,
      ...scopeOf(caller),
    });
  }
}
