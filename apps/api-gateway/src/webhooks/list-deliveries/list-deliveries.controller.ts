import { Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { type DeliveryView, ListDeliveriesQueryDto, WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { DeliveryPageSchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';

@WebhookRoutes()
export class ListDeliveriesController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient) {}

  @Get(':id/deliveries')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log of a subscription, newest first',
    description: SCOPE_NOTE,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DeliveryPageSchema })
  @ApiProblems(400, 401, 403, 404, 503, 500)
  async list(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ListDeliveriesQueryDto,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    return unwrapWebhookReply(
      await this.webhooks.query(WebhookRequests.listDeliveries, {
        id,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.orderId === undefined ? {} : { orderId: query.orderId.toLowerCase() }),
        limit: query.limit ?? 50,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...callerBrandsOf(caller),
      }),
    );
  }
}
