import { Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { WebhookRequests, type WebhookSubscriptionView } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { WebhookSchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';

@WebhookRoutes()
export class GetWebhookController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhook', summary: 'One webhook subscription, without its secret', description: SCOPE_NOTE })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookSchema })
  @ApiProblems(400, 401, 403, 404, 503, 500)
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookSubscriptionView> {
    return unwrapWebhookReply(await this.webhooks.query(WebhookRequests.get, { id, ...callerBrandsOf(caller) }));
  }
}
