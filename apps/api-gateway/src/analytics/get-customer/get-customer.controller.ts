import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AnalyticsQueries, type CustomerLifetime, isStorableText } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, ProblemException, ProblemTypes } from '#http';
import { scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CustomerLifetimeSchema } from '../analytics.schema.js';
import { ANALYTICS_CLIENT, type AnalyticsClient } from '../analytics-client.port.js';

const MAX_KEY = 128;

@ApiTags('analytics')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/analytics')
export class GetCustomerController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: AnalyticsClient) {}

  @Get('customers/:customerId')
  @Roles('analyst')
  @ApiOperation({
    operationId: 'getCustomer',
    summary: 'One customer’s lifetime figures',
    description: 'Roles: analyst (and admin). The key is customer.id, else the phone number as + and digits.',
  })
  @ApiParam({ name: 'customerId', description: 'The analytics customer key.' })
  @ApiOkResponse({ type: CustomerLifetimeSchema })
  @ApiProblems(400, 401, 403, 404, 503, 500)
  async get(@Param('customerId') customerId: string, @CurrentCaller() caller: AuthenticatedCaller): Promise<CustomerLifetime> {
    if (customerId.length > MAX_KEY || !isStorableText(customerId)) {
      throw ProblemException.validation([
        { field: 'customerId', message: `customerId must be at most ${MAX_KEY} characters, with no NUL or unpaired surrogate` },
      ]);
    }
    const customer = await this.analytics.query(AnalyticsQueries.customer, { customerId, ...scopeOf(caller) });
    if (customer) return customer;
    throw new ProblemException({ status: 404, type: ProblemTypes.notFound, detail: `No orders for customer ${customerId}.` });
  }
}
