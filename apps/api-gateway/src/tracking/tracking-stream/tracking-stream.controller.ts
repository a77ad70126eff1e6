import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiCorrelationHeader, ApiProblems, PROBLEM_CONTENT_TYPE, ProblemException, ProblemTypes } from '#http';
import { Public } from '../../auth/roles.decorator.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';
import { TRACKING_EXAMPLE } from '../../orders/order.examples.js';
import { HEARTBEAT_MS, RETRY_MS } from '../../stream/sse-sessions.js';
import { TRACKING_DESCRIPTION } from '../get-tracking/get-tracking.controller.js';
import { sendTrackingNotFound, tokenDigestOf, trackedOrder, trackingHeaders } from '../tracking-link.js';
import { MAX_STREAMS_PER_LINK, MAX_TRACKING_STREAMS, TrackingSessions, updateFrame } from './tracking-sessions.js';

const FULL = new ProblemException({
  status: 503,
  type: ProblemTypes.serviceUnavailable,
  detail: 'Too many live views of orders are open; reload the page in a little while.',
}).toDocument('/v1/track');

@ApiTags('tracking')
@ApiCorrelationHeader()
@Controller('v1/track')
export class TrackingStreamController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    private readonly sessions: TrackingSessions,
  ) {}

  @Get(':token/stream')
  @Public()
  @ApiOperation({
    operationId: 'streamTracking',
    security: [],
    summary: 'The tracking view, live (Server-Sent Events)',
    description:
      `${TRACKING_DESCRIPTION} The stream opens with the current view and sends it again after each change of the ` +
      `order, as \`event: update\` with the view as \`data:\` (the members of GET /v1/track/{token}, nothing else); a ` +
      `reconnection starts again from the current view, so there are no event ids to resume from. It ends when the ` +
      `link expires. \`retry: ${RETRY_MS}\` opens it and \`: heartbeat\` follows every ${HEARTBEAT_MS / 1000} s. At most ` +
      `${MAX_STREAMS_PER_LINK} streams per link and ${MAX_TRACKING_STREAMS.toLocaleString('en')} in all per gateway instance ` +
      'are open at once; beyond, a 503 with Retry-After.',
  })
  @ApiParam({ name: 'token', description: 'The create answer’s trackingToken.' })
  @ApiOkResponse({
    description: 'Server-Sent Events, open until the client disconnects or the link expires.',
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: '`event: update` frames whose `data:` is the tracking view as JSON.' },
        example: `retry: ${RETRY_MS}\n\n${updateFrame(TRACKING_EXAMPLE)}: heartbeat\n\n`,
      },
    },
  })
  @ApiProblems(404, 503, 500)
  async stream(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const digest = tokenDigestOf(token);
    const tracked = await trackedOrder(this.orders, digest);
    if (!tracked || digest === undefined) return sendTrackingNotFound(res);
    trackingHeaders(res);
    if (!this.sessions.hasRoom(digest)) {
      res.status(503).set('Retry-After', '5').type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(FULL));
      return;
    }
    this.sessions.start(req, res, digest, tracked);
  }
}
