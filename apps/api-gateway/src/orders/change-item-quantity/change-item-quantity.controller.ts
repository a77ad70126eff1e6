import { Body, Controller, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import {
  ChangeAccepted,
  ChangeItemQuantityDto,
  type ChangeItemQuantityCommand,
  OrderCommands,
  OrderView,
  PLU_PATTERN,
} from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, ProblemException, ProblemTypes, UuidParamPipe } from '#http';
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
export class ChangeItemQuantityController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id/items/:plu')
  @Roles('channel', 'staff', 'internal')
  @ApiOperation({
    operationId: 'changeItemQuantity',
    summary: 'Change an item’s quantity, or remove it',
    description:
      'Roles: channel while the order is PLACED; staff, internal (and admin) while it is not final. The item must be ' +
      'QUEUED. `quantity` 0 removes the line: CANCELLED with reason `removed`, kept in the order with its quantity, out ' +
      'of `totalAmount`. Publishes `order.item_quantity_changed` (and for a removal `order.item_status_changed`) with ' +
      'the new total; when the total drops, what was paid beyond it is refunded at once (`order_changed`), latest ' +
      'payment first.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'plu', description: 'The item’s plu: 1-64 letters, digits, ".", "_", ":" or "-".' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The expected version: 3, "3" or W/"3". 412 if stale.' })
  @ApiBody({ type: ChangeItemQuantityDto })
  @ApiKeyedChange()
  @ApiOkResponse({
    description: 'The changed order.',
    standardSchema: OrderView,
    headers: { ...ETAG_HEADER, ...CORRELATION_HEADER },
  })
  @ApiProblems(
    { status: 400, description: 'A quantity that is not a whole number from 0 to 10,000, or a total beyond the limit.' },
    401,
    403,
    { status: 404, description: 'No such order, or no item with this plu on it.' },
    {
      status: 409,
      description:
        `\`${ProblemTypes.orderNotOpen}\`: the order is final, or past PLACED for a channel key; ` +
        `\`${ProblemTypes.itemNotOpen}\`: the item is no longer QUEUED (its status in \`itemStatus\`).`,
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
    @Body() dto: ChangeItemQuantityDto,
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
    const command: ChangeItemQuantityCommand = {
      ...orderChange(id, ifMatch, caller, correlationId, { idempotencyKey, body: dto }),
      plu,
      quantity: dto.quantity,
    };
    const reply = await this.orders.command(OrderCommands.changeItemQuantity, command, this.config.intakeWaitMs);
    return changedOrder(reply, res, id);
  }
}
