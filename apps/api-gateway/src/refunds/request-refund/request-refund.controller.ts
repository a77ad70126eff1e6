import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { ChangeAccepted, OrderCommands, RefundView, RequestRefundDto, type RequestRefundCommand } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, ProblemTypes, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiKeyedChange, NOTHING_QUEUED } from '../../orders/change-docs.js';
import { acceptedChange, orderChange } from '../../orders/changed-order.js';
import { unwrap } from '../../orders/domain-error.problem.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';

@ApiTags('refunds')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class RequestRefundController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/refunds')
  @HttpCode(201)
  @Roles('internal')
  @ApiOperation({
    operationId: 'requestRefund',
    summary: 'Request a goodwill refund',
    description:
      'Role: internal (and admin). One PENDING refund of one payment: the one named, else the latest payment with enough ' +
      'left. Never beyond what the order, or that payment, has left (409). Publishes `refund.requested` with the reason.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The order’s expected version: 3, "3" or W/"3". 412 if stale.' })
  @ApiKeyedChange('/v1/refunds?orderId={id}')
  @ApiBody({ type: RequestRefundDto })
  @ApiCreatedResponse({ description: 'The refund requested.', standardSchema: RefundView })
  @ApiProblems(
    { status: 400, description: 'A body that is not valid, or a paymentReference the order does not have.' },
    401,
    403,
    404,
    {
      status: 409,
      description:
        `\`${ProblemTypes.refundNotPossible}\`: more than the order has left, more than any single payment (or the one ` +
        'named) has left, or an order without payments; `idempotency-conflict`: the Idempotency-Key reused with another body.',
    },
    412,
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async request(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RequestRefundDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RefundView | ChangeAccepted> {
    const command: RequestRefundCommand = {
      ...orderChange(id, ifMatch, caller, correlationId, { idempotencyKey, body: dto }),
      amount: dto.amount,
      reason: dto.reason,
      ...(dto.paymentReference === undefined ? {} : { paymentReference: dto.paymentReference }),
    };
    const reply = await this.orders.command(OrderCommands.requestRefund, command, this.config.intakeWaitMs);
    // Retried with the same Idempotency-Key, the refund granted first is the answer: never a second one.
    if (!reply.answered) return acceptedChange(res, id, `/v1/refunds?orderId=${id}`);
    const refund = unwrap(reply.result);
    res.setHeader('Location', `/v1/refunds?orderId=${id}`);
    return refund;
  }
}
