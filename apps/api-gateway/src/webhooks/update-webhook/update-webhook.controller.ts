import { Body, Headers, Inject, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#config';
import { UpdateWebhookDto, WebhookRequests, type WebhookSubscriptionView } from '#contracts';
import { ApiProblems, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { WebhookSchema } from '../webhook.schema.js';
import { assertBrandsInScope, assertDeliverableUrl, callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
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
  @ApiWebhookKey()
  @ApiProblems(
    400,
    401,
    403,
    404,
    { status: 409, description: '`idempotency-conflict`: the Idempotency-Key was used with another body.' },
    413,
    415,
    503,
    500,
  )
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookSubscriptionView> {
    assertBrandsInScope(caller, dto.brandIds, true);
    if (dto.url !== undefined) await assertDeliverableUrl(dto.url, this.config.webhooks);
    return unwrapWebhookReply(
      await this.webhooks.request(WebhookRequests.update, {
        ...dto,
        id,
        ...callerBrandsOf(caller),
        ...webhookKey(idempotencyKey, caller, dto),
      }),
    );
  }
}
