import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { AddItemsDto, ChangeAccepted, OrderCommands, OrderView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, UuidParamPipe } from '#http';
import { scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiKeyedChange, NOTHING_QUEUED } from '../change-docs.js';
import { changedOrder, changeKey } from '../changed-order.js';
import { CORRELATION_HEADER, ETAG_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { ADD_ITEMS_EXAMPLE, ORDER_WITH_ADDED_ITEMS_EXAMPLE } from '../order.examples.js';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class AddItemsController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/items')
  @HttpCode(200)
  @Roles('channel')
  @ApiOperation({
    operationId: 'addOrderItems',
    summary: 'Add items to a PLACED order',
    description:
      'Role: channel (and admin). New lines start QUEUED at the time they are added. A plu already on the order adds to its ' +
      'quantity; it must repeat that line’s name and unitPrice exactly and the line must still be QUEUED, else 409 ' +
      '`item-mismatch`. Once the order has left PLACED: 409 `order-not-open`. Publishes `order.items_added`; bumps the version.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiKeyedChange()
  @ApiBody({ type: AddItemsDto, examples: { 'a drink for the reference order': { value: ADD_ITEMS_EXAMPLE } } })
  @ApiOkResponse({
    description: 'The updated order.',
    standardSchema: OrderView,
    headers: { ...ETAG_HEADER, ...CORRELATION_HEADER },
    example: ORDER_WITH_ADDED_ITEMS_EXAMPLE,
  })
  @ApiProblems(
    400,
    401,
    403,
    404,
    { status: 409, description: '`order-not-open`, `item-mismatch` or `idempotency-conflict`.' },
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async add(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AddItemsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | ChangeAccepted> {
    const command = {
      orderId: id,
      items: dto.items,
      ...changeKey({ idempotencyKey, body: dto }),
      caller: { role: caller.role, actor: caller.actor },
      correlationId,
      ...scopeOf(caller),
    };
    const reply = await this.orders.command(OrderCommands.addItems, command, this.config.intakeWaitMs);
    return changedOrder(reply, res, id);
  }
}
