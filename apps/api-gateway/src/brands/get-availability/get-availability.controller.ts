import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AvailabilityQueries, BrandAvailabilityView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { unwrap } from '../../orders/domain-error.problem.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';
import { AVAILABILITY_EXAMPLE } from '../availability.examples.js';
import { brandParam } from '../availability-route.js';

@ApiTags('brands')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/brands')
export class GetAvailabilityController {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get(':brandId/availability')
  @ApiOperation({
    operationId: 'getBrandAvailability',
    summary: 'Get a brand’s availability',
    description:
      'Any role. A brand never configured is ONLINE with no snoozed items. Snoozes whose `until` has passed are not listed. ' +
      'A brand-scoped key reads only its own brands (403 for another).',
  })
  @ApiParam({ name: 'brandId', description: 'The brand id, as orders carry it (1–128 characters).' })
  @ApiOkResponse({
    description: 'The brand’s availability now.',
    standardSchema: BrandAvailabilityView,
    example: AVAILABILITY_EXAMPLE,
  })
  @ApiProblems(400, 401, { status: 403, description: 'The brand is outside the key’s brands.' }, 503, 500)
  async get(@Param('brandId') brandId: string, @CurrentCaller() caller: AuthenticatedCaller): Promise<BrandAvailabilityView> {
    const reply = unwrap(await this.orders.query(AvailabilityQueries.get, { brandId: brandParam(caller, brandId) }));
    return reply.view;
  }
}
