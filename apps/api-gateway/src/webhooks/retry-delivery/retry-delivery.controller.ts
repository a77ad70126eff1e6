import { HttpCode, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeAccepted, type DeliveryView, WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { DeliverySchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { answerOf, ApiAnsweredOrQueued } from '../webhook-accepted.js';
import { NOTHING_QUEUED } from '../../orders/change-docs.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class RetryDeliveryController {
  constructor(
    @Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'retryWebhookDelivery',
    summary: 'Send a FAILED delivery again',
    description: `${SCOPE_NOTE} The delivery is PENDING again, with a fresh retry window; answers it as it now stands.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'deliveryId', format: 'uuid' })
  @ApiAnsweredOrQueued(DeliverySchema, 'The delivery, PENDING again.', '/v1/webhooks/{id}/deliveries')
  @ApiWebhookKey()
  @ApiProblems(
    400,
    401,
    403,
    404,
    { status: 409, description: 'The delivery is not FAILED, or the Idempotency-Key was used with another body.' },
    NOTHING_QUEUED,
    500,
  )
  async retry(
    @Param('id', UuidParamPipe) id: string,
    @Param('deliveryId', UuidParamPipe) deliveryId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DeliveryView | ChangeAccepted> {
    const reply = await this.webhooks.command(
      WebhookRequests.retryDelivery,
      { id, deliveryId, ...callerBrandsOf(caller), ...webhookKey(idempotencyKey, caller, {}) },
      this.config.intakeWaitMs,
    );
    return answerOf(reply, res, { id: deliveryId, location: `/v1/webhooks/${id}/deliveries` });
  }
}
