import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isStorableText, isUuid } from '#contracts';
import { ApiCorrelationHeader, ApiProblems, ProblemException } from '#http';
import { assertBrandInScope } from '../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../auth/caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { HEARTBEAT_MS, RETRY_MS, SseSessions } from './sse-sessions.js';
import { STREAM_BRAND_MEMORY, STREAM_BUFFER_SIZE } from './stream-hub.js';
import { STATUS_CHANGED_EVENT_EXAMPLE } from '../orders/order.examples.js';

const DESCRIPTION = `Roles: staff, internal (and admin). Server-Sent Events of every event published on \`orders.events\`,
as it is published: \`id:\` the event id, \`event:\` its type, \`data:\` the whole CloudEvent on one line.

- **Resume**: reconnect with \`Last-Event-ID\` (EventSource does this itself) or \`?lastEventId=\`; the events after it
  that match the filters are sent first. This gateway instance keeps the last ${STREAM_BUFFER_SIZE.toLocaleString('en')} events (since it started).
  If the id is not among them, an \`event: gap\` frame (no \`id:\`) says so, then the stream goes on live:
  re-read what you need with \`GET /v1/orders\`.
- **Filters**: \`orderId\` (a UUID) and \`brandId\`. Events that do not carry the brand (items, refunds) match
  \`brandId\` by the brand this instance saw for the order in its \`order.created\` or \`order.status_changed\`
  (the last ${STREAM_BRAND_MEMORY.toLocaleString('en')} orders); events of an order it never saw do not match.
- A **brand-scoped key** gets only its brands' events, matched the same way; a \`brandId\` filter outside them is a 403.
- Delivery is at least once upstream; duplicates of an event id are dropped here.
- A \`retry: ${RETRY_MS}\` hint opens the stream; a \`: heartbeat\` comment follows every ${HEARTBEAT_MS / 1000} s.
  A client that falls megabytes behind is disconnected and should resume.
- Authentication and input errors are problem documents, sent before the stream starts.`;

const SSE_EXAMPLE =
  `retry: ${RETRY_MS}\n\n` +
  `id: ${STATUS_CHANGED_EVENT_EXAMPLE.id}\nevent: ${STATUS_CHANGED_EVENT_EXAMPLE.type}\ndata: ${JSON.stringify(STATUS_CHANGED_EVENT_EXAMPLE)}\n\n` +
  ': heartbeat\n\n';

@ApiTags('stream')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/stream')
export class StreamController {
  constructor(private readonly sessions: SseSessions) {}

  @Get()
  @Roles('staff', 'internal')
  @ApiOperation({
    operationId: 'streamOrderEvents',
    summary: 'Live stream of order events (Server-Sent Events)',
    description: DESCRIPTION,
  })
  @ApiQuery({ name: 'orderId', required: false, description: 'Only this order’s events (UUID).' })
  @ApiQuery({ name: 'brandId', required: false, description: 'Only this brand’s events.' })
  @ApiQuery({
    name: 'lastEventId',
    required: false,
    description: 'As the Last-Event-ID header, for clients that cannot set headers.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id.' })
  @ApiOkResponse({
    description: 'Server-Sent Events, open until the client disconnects.',
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: 'SSE frames: `id:`, `event:` and `data:` (one CloudEvent as JSON) lines.' },
        example: SSE_EXAMPLE,
      },
    },
  })
  @ApiProblems(400, 401, 403, 500)
  stream(
    @Req() req: Request,
    @Res() res: Response,
    @Query('orderId') orderId: unknown,
    @Query('brandId') brandId: unknown,
    @Query('lastEventId') lastEventIdQuery: unknown,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): void {
    const order = optional('orderId', orderId);
    if (order !== undefined && !isUuid(order)) {
      throw ProblemException.validation([{ field: 'orderId', message: 'orderId must be a UUID' }]);
    }
    const brand = optional('brandId', brandId);
    assertBrandInScope(caller, brand);
    const filter = { orderId: order?.toLowerCase(), brandId: brand, ...(caller.brandIds ? { brandIds: caller.brandIds } : {}) };
    const lastEventId = lastEventIdHeader?.trim() || optional('lastEventId', lastEventIdQuery);
    this.sessions.start(req, res, filter, lastEventId);
  }
}

function optional(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200 || !isStorableText(value)) {
    throw ProblemException.validation([
      { field, message: `${field} must be given once, as 1 to 200 characters with no NUL or unpaired surrogate` },
    ]);
  }
  return value.trim();
}
