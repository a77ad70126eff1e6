import { Body, Controller, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { ChangeAccepted, ChangeOrderDto, type ChangeOrderCommand, OrderCommands, OrderView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, ProblemException, ProblemTypes, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiKeyedChange, NOTHING_QUEUED } from '../change-docs.js';
import { changedOrder, orderChange } from '../changed-order.js';
import { CORRELATION_HEADER, ETAG_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { assertPickupTimeWindow, instant } from '../request-input.js';

const FIELDS = ['customer', 'deliveryAddress', 'pickupTime', 'fulfillment'] as const;

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ChangeOrderController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id')
  @Roles('channel', 'staff', 'internal')
  @ApiOperation({
    operationId: 'changeOrder',
    summary: 'Change an order’s details',
    description:
      'Roles: channel, staff, internal (and admin). Any of `customer` (name and phoneNumber merged into the current ' +
      'customer; its id stays), `deliveryAddress`, `pickupTime`, `fulfillment` (each replaced whole), under the rules of ' +
      'create for the order as the change leaves it. While the order is not final; `pickupTime` and `fulfillment` only ' +
      'while PLACED or ACCEPTED. A new pickupTime decides `scheduled` and `releaseAt` again while PLACED. Publishes ' +
      '`order.updated` with each changed field; a change to the values the order has changes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The expected version: 3, "3" or W/"3". 412 if stale.' })
  @ApiBody({ type: ChangeOrderDto })
  @ApiKeyedChange()
  @ApiOkResponse({
    description: 'The changed order.',
    standardSchema: OrderView,
    headers: { ...ETAG_HEADER, ...CORRELATION_HEADER },
  })
  @ApiProblems(
    {
      status: 400,
      description: 'A body that is not valid, no field to change, or a change the order’s fulfillment mode refuses.',
    },
    401,
    403,
    404,
    {
      status: 409,
      description: `\`${ProblemTypes.orderNotOpen}\`: the order is final, or past ACCEPTED for pickupTime or fulfillment.`,
    },
    412,
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async change(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ChangeOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | ChangeAccepted> {
    const changes: ChangeOrderDto = {};
    for (const field of FIELDS) if (dto[field] !== undefined) Object.assign(changes, { [field]: dto[field] });
    if (Object.keys(changes).length === 0) {
      const message = `give at least one of ${FIELDS.join(', ')}`;
      throw ProblemException.validation([{ field: FIELDS[0], message }], `Nothing to change: ${message}.`);
    }
    if (typeof changes.pickupTime === 'string') {
      changes.pickupTime = instant('pickupTime', changes.pickupTime);
      assertPickupTimeWindow(changes.pickupTime);
    }
    const command: ChangeOrderCommand = {
      ...orderChange(id, ifMatch, caller, correlationId, { idempotencyKey, body: dto }),
      changes,
    };
    const reply = await this.orders.command(OrderCommands.changeOrder, command, this.config.intakeWaitMs);
    return changedOrder(reply, res, id);
  }
}
