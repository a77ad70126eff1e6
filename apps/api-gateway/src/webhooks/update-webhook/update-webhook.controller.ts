import { Body, Inject, Param, Patch } from '@nestjs/common';
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
  @ApiProblems(400, 401, 403, 404, 413, 415, 503, 500)
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateWebhookDto,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookSubscriptionView> {
    assertBrandsInScope(caller, dto.brandIds, true);
    if (dto.url !== undefined) await assertDeliverableUrl(dto.url, this.config.webhooks);
    return unwrapWebhookReply(await this.webhooks.request(WebhookRequests.update, { ...dto, id, ...callerBrandsOf(caller) }));
  }
}
