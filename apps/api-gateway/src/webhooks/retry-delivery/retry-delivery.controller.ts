import { HttpCode, Headers, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { type DeliveryView, WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { DeliverySchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class RetryDeliveryController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient) {}

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'retryWebhookDelivery',
    summary: 'Send a FAILED delivery again',
    description: `${SCOPE_NOTE} The delivery is PENDING again, with a fresh retry window; answers it as it now stands.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'deliveryId', format: 'uuid' })
  @ApiAcceptedResponse({ type: DeliverySchema })
  @ApiWebhookKey()
  @ApiProblems(
    400,
    401,
    403,
    404,
    { status: 409, description: 'The delivery is not FAILED, or the Idempotency-Key was used with another body.' },
    503,
    500,
  )
  async retry(
    @Param('id', UuidParamPipe) id: string,
    @Param('deliveryId', UuidParamPipe) deliveryId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<DeliveryView> {
    return unwrapWebhookReply(
      await this.webhooks.request(WebhookRequests.retryDelivery, {
        id,
        deliveryId,
        ...callerBrandsOf(caller),
        ...webhookKey(idempotencyKey, caller, {}),
      }),
    );
  }
}
