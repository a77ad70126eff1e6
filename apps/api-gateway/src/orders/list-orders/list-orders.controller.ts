import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListOrdersQueryDto, OrderQueries, type ListOrdersQuery, OrderPage } from '#contracts';
import { ApiConditionalRead, ApiCorrelationHeader, ApiProblems, ProblemException } from '#http';
import { assertBrandInScope, scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { unwrap } from '../domain-error.problem.js';
import { ACCEPT_TIMEOUT_HEADER, BODY_ETAG_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { instant } from '../request-input.js';
import { ORDER_PAGE_EXAMPLE } from '../order.examples.js';

export const DEFAULT_PAGE_SIZE = 50;

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ListOrdersController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('staff', 'analyst', 'internal')
  @ApiOperation({
    operationId: 'listOrders',
    summary: 'List orders, newest createdAt first',
    description:
      'Roles: staff, analyst, internal (and admin). createdFrom is inclusive, createdTo exclusive; createdFrom must be before createdTo. ' +
      'A brand-scoped key lists only its brands’ orders; a brandId filter outside them is a 403.',
  })
  @ApiOkResponse({
    standardSchema: OrderPage,
    headers: { ...BODY_ETAG_HEADER, ...ACCEPT_TIMEOUT_HEADER },
    example: ORDER_PAGE_EXAMPLE,
  })
  @ApiConditionalRead()
  @ApiProblems(400, 401, 403, 503, 500)
  async list(
    @Query() query: ListOrdersQueryDto,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderPage> {
    assertBrandInScope(caller, query.brandId);
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
      ...(query.includeArchived === 'true' ? { includeArchived: true } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...scopeOf(caller),
    };
    const page = unwrap(await this.orders.query(OrderQueries.list, payload));
    res.setHeader('Order-Accept-Timeout-Ms', String(this.config.orderAcceptTimeoutMs));
    return page;
  }
}
