import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListOrdersQueryDto, OrderQueries, type ListOrdersQuery, type OrderPage } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, ProblemException } from '#http';
import { Roles } from '../../auth/roles.decorator.js';
import { unwrap } from '../domain-error.problem.js';
import { OrderPageSchema } from '../order.schema.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { instant } from '../request-input.js';

export const DEFAULT_PAGE_SIZE = 50;

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ListOrdersController {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get()
  @Roles('staff', 'analyst', 'internal')
  @ApiOperation({
    summary: 'List orders, newest createdAt first',
    description:
      'Roles: staff, analyst, internal (and admin). createdFrom is inclusive, createdTo exclusive; createdFrom must be before createdTo.',
  })
  @ApiOkResponse({ type: OrderPageSchema })
  @ApiProblems(400, 401, 403, 503, 500)
  async list(@Query() query: ListOrdersQueryDto): Promise<OrderPage> {
    if (query.cursor === '') {
      throw ProblemException.validation([
        { field: 'cursor', message: 'cursor must be a nextCursor from a previous page, or left out' },
      ]);
    }
    const createdFrom = query.createdFrom === undefined ? undefined : instant('createdFrom', query.createdFrom);
    const createdTo = query.createdTo === undefined ? undefined : instant('createdTo', query.createdTo);
    if (createdFrom !== undefined && createdTo !== undefined && Date.parse(createdFrom) >= Date.parse(createdTo)) {
      throw ProblemException.validation([{ field: 'createdTo', message: 'createdTo must be after createdFrom' }]);
    }
    const payload: ListOrdersQuery = {
      ...(query.status === undefined ? {} : { status: [...new Set(query.status)] }),
      ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
      ...(query.customerId === undefined ? {} : { customerId: query.customerId }),
      ...(createdFrom === undefined ? {} : { createdFrom }),
      ...(createdTo === undefined ? {} : { createdTo }),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    };
    return unwrap(await this.orders.query(OrderQueries.list, payload));
  }
}
