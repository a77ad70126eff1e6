import { Delete, HttpCode, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeAccepted, WebhookRequests } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { callerBrandsOf } from '../webhook-input.js';
import { answerOf, ApiQueuedWrite } from '../webhook-accepted.js';
import { NOTHING_QUEUED } from '../../orders/change-docs.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class DeleteWebhookController {
  constructor(
    @Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook subscription and its delivery log; nothing more is sent',
    description: SCOPE_NOTE,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiQueuedWrite('/v1/webhooks/{id}')
  @ApiWebhookKey()
  @ApiProblems(400, 401, 403, 404, NOTHING_QUEUED, 500)
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChangeAccepted | undefined> {
    const reply = await this.webhooks.command(
      WebhookRequests.remove,
      { id, ...callerBrandsOf(caller), ...webhookKey(idempotencyKey, caller, {}) },
      this.config.intakeWaitMs,
    );
    return answerOf(reply, res, { id, location: `/v1/webhooks/${id}` }) ?? undefined;
  }
}
