import { Body, Headers, Inject, Param, Patch, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeAccepted, UpdateWebhookDto, WebhookRequests, type WebhookSubscriptionView } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { WebhookSchema } from '../webhook.schema.js';
import { assertBrandsInScope, assertDeliverableUrl, callerBrandsOf } from '../webhook-input.js';
import { answerOf, ApiQueuedWrite } from '../webhook-accepted.js';
import { NOTHING_QUEUED } from '../../orders/change-docs.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class UpdateWebhookController {
  constructor(
    @Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'Change a webhook subscription',
    description:
      `${SCOPE_NOTE} Only the fields sent change. \`status\` DISABLED stops deliveries (events meanwhile are not recorded for it; ` +
      'replay them); ENABLED resumes and clears `disabledReason`.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookSchema })
  @ApiQueuedWrite('/v1/webhooks/{id}')
  @ApiWebhookKey()
  @ApiProblems(
    400,
    401,
    403,
    404,
    { status: 409, description: '`idempotency-conflict`: the Idempotency-Key was used with another body.' },
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookSubscriptionView | ChangeAccepted> {
    assertBrandsInScope(caller, dto.brandIds, true);
    if (dto.url !== undefined) await assertDeliverableUrl(dto.url, this.config.webhooks);
    const reply = await this.webhooks.command(
      WebhookRequests.update,
      { ...dto, id, ...callerBrandsOf(caller), ...webhookKey(idempotencyKey, caller, dto) },
      this.config.intakeWaitMs,
    );
    return answerOf(reply, res, { id, location: `/v1/webhooks/${id}` });
  }
}
