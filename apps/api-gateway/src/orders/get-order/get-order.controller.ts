import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderQueries, OrderView } from '#contracts';
import { ApiConditionalRead, ApiCorrelationHeader, ApiProblems, ProblemTypes, UuidParamPipe } from '#http';
import { scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { unwrap } from '../domain-error.problem.js';
import { ETAG_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { ORDER_EXAMPLE } from '../order.examples.js';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class GetOrderController {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'getOrder',
    summary: 'Get an order',
    description: 'Any role. A brand-scoped key sees only its brands’ orders (others are 404).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({
    description: 'The order; ETag is its version.',
    standardSchema: OrderView,
    headers: ETAG_HEADER,
    example: ORDER_EXAMPLE,
  })
  @ApiConditionalRead()
  @ApiProblems(
    400,
    401,
    404,
    {
      status: 409,
      description:
        'No order was stored: its create request, answered 202, was refused afterwards. The problem is the one that request ' +
        `would have got at once (\`${ProblemTypes.duplicatePayment}\` or \`${ProblemTypes.idempotencyConflict}\`).`,
    },
    503,
    500,
  )
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView> {
    const order = unwrap(await this.orders.query(OrderQueries.get, { orderId: id, ...scopeOf(caller) }));
    res.setHeader('ETag', `"${order.version}"`);
    return order;
  }
}
