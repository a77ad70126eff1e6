import { Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { WebhookRequests, type WebhookSubscriptionView } from '#contracts';
import { ApiProblems } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { WebhookListSchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';

@WebhookRoutes()
export class ListWebhooksController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient) {}

  @Get()
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'Webhook subscriptions, oldest first, never with their secrets',
    description: SCOPE_NOTE,
  })
  @ApiOkResponse({ type: WebhookListSchema })
  @ApiProblems(400, 401, 403, 503, 500)
  async list(@CurrentCaller() caller: AuthenticatedCaller): Promise<{ items: WebhookSubscriptionView[] }> {
    return unwrapWebhookReply(await this.webhooks.query(WebhookRequests.list, callerBrandsOf(caller)));
  }
}
