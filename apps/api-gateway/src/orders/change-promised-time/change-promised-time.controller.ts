import { Body, Controller, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { ChangeAccepted, ChangePromisedTimeDto, type ChangePromisedTimeCommand, OrderCommands, OrderView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, ProblemTypes, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiKeyedChange, NOTHING_QUEUED } from '../change-docs.js';
import { changedOrder, orderChange } from '../changed-order.js';
import { CORRELATION_HEADER, ETAG_HEADER } from '../order-headers.js';
import { ACCEPTED_ORDER_EXAMPLE } from '../order.examples.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { instant } from '../request-input.js';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ChangePromisedTimeController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id/promised-time')
  @Roles('staff', 'internal')
  @ApiOperation({
    operationId: 'changePromisedTime',
    summary: 'Move an order’s promised ready time',
    description:
      'Roles: staff, internal (and admin). While the order is ACCEPTED or PREPARING; never to before its acceptance. ' +
      'Publishes `order.promised_time_changed` with the previous promise.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The expected version: 3, "3" or W/"3". 412 if stale.' })
  @ApiBody({ type: ChangePromisedTimeDto })
  @ApiKeyedChange()
  @ApiOkResponse({
    description: 'The order with its new promisedReadyAt.',
    standardSchema: OrderView,
    headers: { ...ETAG_HEADER, ...CORRELATION_HEADER },
    example: ACCEPTED_ORDER_EXAMPLE,
  })
  @ApiProblems(
    { status: 400, description: 'A body that is not valid, or a promisedReadyAt before the order’s acceptance.' },
    401,
    403,
    404,
    {
      status: 409,
      description: `\`${ProblemTypes.promiseNotOpen}\`: the order is not ACCEPTED or PREPARING (its status in \`orderStatus\`).`,
    },
    412,
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async change(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ChangePromisedTimeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | ChangeAccepted> {
    const change = orderChange(id, ifMatch, caller, correlationId, { idempotencyKey, body: dto });
    const command: ChangePromisedTimeCommand = {
      ...change,
      promisedReadyAt: instant('promisedReadyAt', dto.promisedReadyAt),
      ...(dto.reason === undefined ? {} : { reason: dto.reason }),
    };
    const reply = await this.orders.command(OrderCommands.changePromisedTime, command, this.config.intakeWaitMs);
    return changedOrder(reply, res, id);
  }
}
