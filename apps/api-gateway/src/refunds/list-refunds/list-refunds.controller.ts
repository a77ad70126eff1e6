import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRefundsQueryDto, OrderQueries, RefundPage } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { unwrap } from '../../orders/domain-error.problem.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';

@ApiTags('refunds')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/refunds')
export class ListRefundsController {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get()
  @Roles('internal')
  @ApiOperation({
    operationId: 'listRefunds',
    summary: 'Refund requests, oldest first',
    description:
      'Role: internal (and admin). One refund per payment of each order that was REJECTED or CANCELLED. ' +
      'A brand-scoped key lists only its brands’ refunds.',
  })
  @ApiOkResponse({ standardSchema: RefundPage })
  @ApiProblems(400, 401, 403, 503, 500)
  async list(@Query() query: ListRefundsQueryDto, @CurrentCaller() caller: AuthenticatedCaller): Promise<RefundPage> {
    return unwrap(
      await this.orders.query(OrderQueries.listRefunds, {
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.orderId === undefined ? {} : { orderId: query.orderId.toLowerCase() }),
        limit: query.limit ?? 50,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...scopeOf(caller),
      }),
    );
  }
}
