import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#config';
import { OrderCommands, UpdateRefundDto, RefundView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { scopeOf } from '../../auth/brand-scope.js';
import { Roles } from '../../auth/roles.decorator.js';
import { unwrap } from '../../orders/domain-error.problem.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';
import { unconfirmedChange } from '../../orders/unconfirmed-change.problem.js';

@ApiTags('refunds')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/refunds')
export class UpdateRefundController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id')
  @Roles('internal')
  @ApiOperation({
    operationId: 'updateRefund',
    summary: 'Settle a refund',
    description:
      'Role: internal (and admin). PENDING → PROCESSED or FAILED, once; any other status is a 409 `refund-not-pending`.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ standardSchema: RefundView })
  @ApiProblems(
    400,
    401,
    403,
    404,
    { status: 409, description: 'The refund is no longer PENDING (`refund-not-pending`).' },
    415,
    503,
    500,
  )
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateRefundDto,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
  ): Promise<RefundView> {
    const command = {
      refundId: id,
      status: dto.status,
      caller: { role: caller.role, actor: caller.actor },
      correlationId,
      ...scopeOf(caller),
    };
    const reply = await this.orders.command(OrderCommands.updateRefund, command, this.config.rpcTimeoutMs);
    if (!reply.answered) {
      throw unconfirmedChange(
        'Refund update queued but not confirmed',
        `The refund update was queued but not confirmed within ${this.config.rpcTimeoutMs} ms; retrying is safe (a 409 then means it was applied).`,
      );
    }
    return unwrap(reply.result);
  }
}
