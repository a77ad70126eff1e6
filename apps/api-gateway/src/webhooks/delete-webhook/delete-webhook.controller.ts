import { Delete, HttpCode, Headers, Inject, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class DeleteWebhookController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook subscription and its delivery log; nothing more is sent',
    description: SCOPE_NOTE,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiWebhookKey()
  @ApiProblems(400, 401, 403, 404, 503, 500)
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<void> {
    unwrapWebhookReply(
      await this.webhooks.request(WebhookRequests.remove, {
        id,
        ...callerBrandsOf(caller),
        ...webhookKey(idempotencyKey, caller, {}),
      }),
    );
  }
}
