import { Body, Controller, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import {
  ChangeAccepted,
  type ChangeItemStatusCommand,
  ChangeItemStatusDto,
  OrderCommands,
  PLU_PATTERN,
  OrderView,
} from '#contracts';
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

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ChangeItemStatusController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id/items/:plu/status')
  @Roles('staff', 'internal')
  @ApiOperation({
    operationId: 'changeItemStatus',
    summary: 'Change one item’s status',
    description:
      'Roles: staff, internal (and admin). Follows the item state machine (QUEUED → PREPARING or READY; PREPARING → READY; ' +
      'any non-final item → CANCELLED). Items of an order in a final status cannot change (409, `allowed` empty). ' +
      'The change bumps the order’s `version` (its ETag), since the item’s status is part of the order.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'plu', description: 'The item’s plu: 1-64 letters, digits, ".", "_", ":" or "-".' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The order’s expected version, as for a status change: 3, "3" or W/"3". 412 if stale, 400 if malformed.',
  })
  @ApiKeyedChange()
  @ApiOkResponse({
    description: 'The updated order.',
    standardSchema: OrderView,
    headers: { ...ETAG_HEADER, ...CORRELATION_HEADER },
  })
  @ApiProblems(
    400,
    401,
    403,
    { status: 404, description: 'No such order, or no item with this plu on it.' },
    {
      status: 409,
      description: 'Illegal item transition: `from`, `to` and the `allowed` targets.',
      schema: TransitionProblemSchema,
    },
    412,
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async change(
    @Param('id', UuidParamPipe) id: string,
    @Param('plu') plu: string,
    @Body() dto: ChangeItemStatusDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | ChangeAccepted> {
    if (!PLU_PATTERN.test(plu)) {
      throw ProblemException.validation([
        { field: 'plu', message: 'plu must be 1-64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit' },
      ]);
    }
    const command: ChangeItemStatusCommand = {
      ...orderChange(id, ifMatch, caller, correlationId, { idempotencyKey, body: dto }),
      plu,
      status: dto.status,
    };
    const reply = await this.orders.command(OrderCommands.changeItemStatus, command, this.config.intakeWaitMs);
    return changedOrder(reply, res, id);
  }
}
