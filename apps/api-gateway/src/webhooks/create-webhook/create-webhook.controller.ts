import { Body, Headers, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeAccepted, type CreatedWebhookView, CreateWebhookDto, WebhookRequests } from '#contracts';
import { ApiProblems } from '#http';
import { NOTHING_QUEUED } from '../../orders/change-docs.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { CreatedWebhookSchema } from '../webhook.schema.js';
import { assertBrandsInScope, assertDeliverableUrl, callerBrandsOf } from '../webhook-input.js';
import { answerOf, ApiQueuedWrite } from '../webhook-accepted.js';
import { WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, subscriptionIdFor, webhookKey } from '../webhook-key.js';

const SECRET_AFTER_202 =
  'The `secret` comes only with the answer: retry with the same Idempotency-Key for it (201 with the same id and secret), ' +
  'or rotate it (`POST /v1/webhooks/{id}/rotate-secret`).';

const QUEUED_DETAIL =
  'The subscription is queued and will be created once; its outcome did not come back in time. Its secret comes only with ' +
  'the answer: retry with the same Idempotency-Key for it, or rotate the secret once the Location exists.';

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
      '(its brands when `brandIds` is left out; another brand is a 403). A subscription queued but not created within ' +
      'INTAKE_WAIT_MS is a 202 with its `Location` and no secret. ' +
      SECRET_AFTER_202,
  })
  @ApiCreatedResponse({
    type: CreatedWebhookSchema,
    headers: { Location: { description: '/v1/webhooks/{id}', schema: { type: 'string' } } },
  })
  @ApiQueuedWrite(
    '/v1/webhooks/{id}',
    'Durably queued, but not created within INTAKE_WAIT_MS: it will be created once, with the id of the Location. ' +
      SECRET_AFTER_202,
  )
  @ApiWebhookKey()
  @ApiProblems(
    400,
    401,
    403,
    { status: 409, description: '`idempotency-conflict`: the Idempotency-Key was used with another body.' },
    413,
    415,
    NOTHING_QUEUED,
    500,
  )
  async create(
    @Body() dto: CreateWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedWebhookView | ChangeAccepted> {
    assertBrandsInScope(caller, dto.brandIds, false);
    await assertDeliverableUrl(dto.url, this.config.webhooks);
    const keyed = webhookKey(idempotencyKey, caller, dto);
    const id = subscriptionIdFor(keyed);
    const reply = await this.webhooks.command(
      WebhookRequests.create,
      { ...dto, id, ...callerBrandsOf(caller), ...keyed },
      this.config.intakeWaitMs,
    );
    const created = answerOf(reply, res, { id, location: `/v1/webhooks/${id}`, detail: QUEUED_DETAIL });
    if ('secret' in created) res.status(201).setHeader('Location', `/v1/webhooks/${created.id}`);
    return created;
  }
}
