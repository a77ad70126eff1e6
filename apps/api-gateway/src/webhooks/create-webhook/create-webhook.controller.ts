import { Body, Headers, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type CreatedWebhookView, CreateWebhookDto, WebhookRequests } from '#contracts';
import { ApiProblems } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { CreatedWebhookSchema } from '../webhook.schema.js';
import { assertBrandsInScope, assertDeliverableUrl, callerBrandsOf } from '../webhook-input.js';
import { unwrapWebhookReply } from '../webhook-reply.js';
import { WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class CreateWebhookController {
  constructor(
    @Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe an endpoint to events',
    description:
      'Role: admin. Every committed event matching `types` and `brandIds` is POSTed to `url` as its CloudEvent JSON, signed per ' +
      'Standard Webhooks with the `secret` of this answer (shown only here). A brand-scoped key subscribes only to its own brands ' +
      '(its brands when `brandIds` is left out; another brand is a 403).',
  })
  @ApiCreatedResponse({
    type: CreatedWebhookSchema,
    headers: { Location: { description: '/v1/webhooks/{id}', schema: { type: 'string' } } },
  })
  @ApiWebhookKey()
  @ApiProblems(
    400,
    401,
    403,
    { status: 409, description: '`idempotency-conflict`: the Idempotency-Key was used with another body.' },
    413,
    415,
    503,
    500,
  )
  async create(
    @Body() dto: CreateWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedWebhookView> {
    assertBrandsInScope(caller, dto.brandIds, false);
    await assertDeliverableUrl(dto.url, this.config.webhooks);
    const created = unwrapWebhookReply(
      await this.webhooks.request(WebhookRequests.create, {
        ...dto,
        ...callerBrandsOf(caller),
        ...webhookKey(idempotencyKey, caller, dto),
      }),
    );
    res.status(201).setHeader('Location', `/v1/webhooks/${created.id}`);
    return created;
  }
}
