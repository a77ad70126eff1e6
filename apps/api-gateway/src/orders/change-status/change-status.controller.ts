import { Body, Controller, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { ChangeAccepted, ChangeStatusDto, OrderCommands, type ChangeStatusCommand, OrderView } from '#contracts';
import {
  ApiCorrelationHeader,
  ApiProblems,
  CorrelationId,
  ProblemException,
  TransitionProblemSchema,
  UuidParamPipe,
} from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiKeyedChange, NOTHING_QUEUED } from '../change-docs.js';
import { changedOrder, orderChange } from '../changed-order.js';
import { CORRELATION_HEADER, ETAG_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { assertMayBackfill, pastInstant } from '../request-input.js';
import { ACCEPTED_ORDER_EXAMPLE, CHANGE_STATUS_EXAMPLE, ILLEGAL_TRANSITION_EXAMPLE } from '../order.examples.js';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ChangeStatusController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id/status')
  @Roles('staff', 'internal')
  @ApiOperation({
    operationId: 'changeOrderStatus',
    summary: 'Change an order’s status',
    description:
      'Roles: staff, internal (and admin). Follows the order state machine; `at` (backfill) is for admin and internal keys only, ' +
      'never in the future nor before the order’s previous change. `prepMinutes` (1–240) goes only with `ACCEPTED`: ' +
      'the order is promised ready that long after its acceptance (default: the brand’s prep estimate), or at its pickupTime if later.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The expected version: 3, "3" or W/"3". 412 if stale, 400 if malformed.',
  })
  @ApiKeyedChange()
  @ApiBody({ type: ChangeStatusDto, examples: { accept: { value: CHANGE_STATUS_EXAMPLE } } })
  @ApiOkResponse({
    description: 'The updated order.',
    standardSchema: OrderView,
    headers: { ...ETAG_HEADER, ...CORRELATION_HEADER },
    example: ACCEPTED_ORDER_EXAMPLE,
  })
  @ApiProblems(
    400,
    401,
    { status: 403, description: 'The key’s role may not change statuses, or it may not backfill `at`.' },
    404,
    {
      status: 409,
      description: 'Illegal transition: `from`, `to` and the `allowed` targets.',
      schema: TransitionProblemSchema,
      example: ILLEGAL_TRANSITION_EXAMPLE,
    },
    412,
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async change(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ChangeStatusDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | ChangeAccepted> {
    const change = orderChange(id, ifMatch, caller, correlationId, { idempotencyKey, body: dto });
    if (dto.prepMinutes !== undefined && dto.status !== 'ACCEPTED') {
      throw ProblemException.validation([{ field: 'prepMinutes', message: 'prepMinutes goes only with status ACCEPTED' }]);
    }
    let at: string | undefined;
    if (dto.at !== undefined) {
      assertMayBackfill(caller, 'at');
      at = pastInstant('at', dto.at);
    }
    const command: ChangeStatusCommand = {
      ...change,
      status: dto.status,
      ...(dto.reason === undefined ? {} : { reason: dto.reason }),
      ...(at === undefined ? {} : { at }),
      ...(dto.prepMinutes === undefined ? {} : { prepMinutes: dto.prepMinutes }),
    };
    const reply = await this.orders.command(OrderCommands.changeStatus, command, this.config.intakeWaitMs);
    return changedOrder(reply, res, id);
  }
}
