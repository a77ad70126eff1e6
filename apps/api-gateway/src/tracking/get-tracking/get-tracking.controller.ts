import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TrackingView } from '#contracts';
import { ApiCorrelationHeader, ApiProblems } from '#http';
import { Public } from '../../auth/roles.decorator.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';
import { TRACKING_EXAMPLE } from '../../orders/order.examples.js';
import { sendTrackingNotFound, tokenDigestOf, trackedOrder, trackingHeaders } from '../tracking-link.js';

export const TRACKING_DESCRIPTION =
  'No key: the token is the credential (192 random bits from the create answer’s `trackingToken`). A key sent along ' +
  'changes nothing. An unknown or malformed token, or one whose order has been PICKED_UP, REJECTED or CANCELLED for more ' +
  'than TRACKING_TTL_MS, is the same 404 with the same body.';

@ApiTags('tracking')
@ApiCorrelationHeader()
@Controller('v1/track')
export class GetTrackingController {
  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    operationId: 'getTracking',
    security: [],
    summary: 'Where an order is, for the customer holding its tracking link',
    description: `${TRACKING_DESCRIPTION} The answer holds these members and no others: no customer, address, payments, brand or ids.`,
  })
  @ApiParam({ name: 'token', description: 'The create answer’s trackingToken.' })
  @ApiOkResponse({
    description: 'The order as its customer may see it.',
    standardSchema: TrackingView,
    example: TRACKING_EXAMPLE,
  })
  @ApiProblems(404, 503, 500)
  async get(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const tracked = await trackedOrder(this.orders, tokenDigestOf(token));
    if (!tracked) return sendTrackingNotFound(res);
    trackingHeaders(res);
    res.status(200).json(tracked.view);
  }
}
