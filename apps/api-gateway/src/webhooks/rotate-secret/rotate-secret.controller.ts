import { HttpCode, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeAccepted, type RotatedSecretView, WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { RotatedSecretSchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { answerOf, ApiQueuedWrite } from '../webhook-accepted.js';
import { NOTHING_QUEUED } from '../../orders/change-docs.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class RotateSecretController {
  constructor(
    @Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret',
    description: `${SCOPE_NOTE} For 24 hours every delivery carries two signatures, one per secret, so the receiver can switch at leisure.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RotatedSecretSchema })
  @ApiQueuedWrite(
    '/v1/webhooks/{id}',
    'Durably queued, but not rotated within INTAKE_WAIT_MS: it will be rotated once. The new `secret` comes only with the ' +
      'answer: retry with the same Idempotency-Key for it (without one, a retry rotates again).',
  )
  @ApiWebhookKey()
  @ApiProblems(400, 401, 403, 404, NOTHING_QUEUED, 500)
  async rotate(
    @Param('id', UuidParamPipe) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RotatedSecretView | ChangeAccepted> {
    const reply = await this.webhooks.command(
      WebhookRequests.rotateSecret,
      { id, ...callerBrandsOf(caller), ...webhookKey(idempotencyKey, caller, {}) },
      this.config.intakeWaitMs,
    );
    return answerOf(reply, res, { id, location: `/v1/webhooks/${id}` });
  }
}
