import { Body, HttpCode, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeAccepted, ReplayWebhookDto, WebhookRequests } from '#contracts';
import { ApiProblems, ProblemException, UuidParamPipe } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { instant } from '../../orders/request-input.js';
import { ReplayAcceptedSchema } from '../webhook.schema.js';
import { callerBrandsOf } from '../webhook-input.js';
import { answerOf, ApiAnsweredOrQueued } from '../webhook-accepted.js';
import { NOTHING_QUEUED } from '../../orders/change-docs.js';
import { SCOPE_NOTE, WebhookRoutes } from '../webhook-route.js';
import { WEBHOOKS_CLIENT, type WebhooksClient } from '../webhooks-client.port.js';
import { ApiWebhookKey, webhookKey } from '../webhook-key.js';

@WebhookRoutes()
export class ReplayWebhookController {
  constructor(
    @Inject(WEBHOOKS_CLIENT) private readonly webhooks: WebhooksClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhook',
    summary: 'Send again every matching event of a time range',
    description:
      `${SCOPE_NOTE} Every event matching the subscription whose \`time\` is in [from, to) is sent again as a new delivery ` +
      '(same `webhook-id`: the event id), each order’s events in sequence.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiAnsweredOrQueued(ReplayAcceptedSchema, 'How many deliveries were created.', '/v1/webhooks/{id}/deliveries')
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
  async replay(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ReplayWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ deliveries: number } | ChangeAccepted> {
    const [from, to] = [instant('from', dto.from), instant('to', dto.to)];
    if (from >= to) throw ProblemException.validation([{ field: 'to', message: 'to must be later than from' }]);
    const reply = await this.webhooks.command(
      WebhookRequests.replay,
      { id, from, to, ...callerBrandsOf(caller), ...webhookKey(idempotencyKey, caller, { from, to }) },
      this.config.intakeWaitMs,
    );
    return answerOf(reply, res, { id, location: `/v1/webhooks/${id}/deliveries` });
  }
}
