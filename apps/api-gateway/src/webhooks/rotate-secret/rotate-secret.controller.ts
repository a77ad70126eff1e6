import { HttpCode, Headers, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { type RotatedSecretView, WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { RotatedSecretSchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class RotateSecretController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient) {}

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret',
    description: `${SCOPE_NOTE} For 24 hours every delivery carries two signatures, one per secret, so the receiver can switch at leisure.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RotatedSecretSchema })
  @ApiWebhookKey()
  @ApiProblems(400, 401, 403, 404, 503, 500)
  async rotate(
    @Param('id', UuidParamPipe) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<RotatedSecretView> {
    return unwrapWebhookReply(
      await this.webhooks.request(WebhookRequests.rotateSecret, {
        id,
        ...callerBrandsOf(caller),
        ...webhookKey(idempotencyKey, caller, {}),
      }),
    );
  }
}
