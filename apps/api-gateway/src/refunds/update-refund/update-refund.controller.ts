import { Body, Controller, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#config';
import { ChangeAccepted, OrderCommands, UpdateRefundDto, RefundView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { scopeOf } from '../../auth/brand-scope.js';
import { Roles } from '../../auth/roles.decorator.js';
import { unwrap } from '../../orders/domain-error.problem.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';
import { ApiKeyedChange, NOTHING_QUEUED } from '../../orders/change-docs.js';
import { acceptedChange, changeKey } from '../../orders/changed-order.js';

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
  @ApiKeyedChange('/v1/refunds/{id}')
  @ApiOkResponse({ standardSchema: RefundView })
  @ApiProblems(
    400,
    401,
    403,
    404,
    {
      status: 409,
      description: 'The refund is no longer PENDING (`refund-not-pending`), or the Idempotency-Key was reused with another body.',
    },
    415,
    NOTHING_QUEUED,
    500,
  )
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateRefundDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RefundView | ChangeAccepted> {
    const command = {
      refundId: id,
      status: dto.status,
      ...changeKey({ idempotencyKey, body: dto }),
      caller: { role: caller.role, actor: caller.actor },
      correlationId,
      ...scopeOf(caller),
    };
    const reply = await this.orders.command(OrderCommands.updateRefund, command, this.config.intakeWaitMs);
    if (!reply.answered) return acceptedChange(res, id, `/v1/refunds/${id}`);
    return unwrap(reply.result);
  }
}
