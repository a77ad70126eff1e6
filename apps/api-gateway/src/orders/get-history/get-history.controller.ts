import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { OrderQueries, OrderHistoryView } from '#contracts';
import { ApiConditionalRead, ApiCorrelationHeader, ApiProblems, UuidParamPipe } from '#http';
import { scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { unwrap } from '../domain-error.problem.js';
import { BODY_ETAG_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { ORDER_HISTORY_EXAMPLE } from '../order.examples.js';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class GetHistoryController {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get(':id/history')
  @ApiOperation({
    operationId: 'getOrderHistory',
    summary: 'An order’s status history, and each item’s',
    description: 'Any role. Oldest first.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ standardSchema: OrderHistoryView, headers: BODY_ETAG_HEADER, example: ORDER_HISTORY_EXAMPLE })
  @ApiConditionalRead()
  @ApiProblems(400, 401, 404, 503, 500)
  async history(@Param('id', UuidParamPipe) id: string, @CurrentCaller() caller: AuthenticatedCaller): Promise<OrderHistoryView> {
    return unwrap(await this.orders.query(OrderQueries.history, { orderId: id, ...scopeOf(caller) }));
  }
}
