import { applyDecorators } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangeAccepted, type WebhookReply } from '#contracts';
import { unwrapWebhookReply } from './webhook-reply.js';

const QUEUED =
  'The change is queued and will be applied once; its outcome did not come back in time. GET the Location to see it, ' +
  'or retry with the same Idempotency-Key for the answer.';

const ACCEPTED =
  'Durably queued, but its outcome did not come back within INTAKE_WAIT_MS: it will be applied once. GET the Location ' +
  'to see it, or retry with the same Idempotency-Key for the answer (a 503 means nothing was queued).';

export type WebhookCommandReply<T> = { answered: true; result: WebhookReply<T> } | { answered: false };

export interface QueuedWrite {
  /** What the write is queued for: the subscription, or the delivery. */
  id: string;
  location: string;
  detail?: string;
}

/**
 * A webhook write's answer: its outcome (a refusal as its problem document), or, when the broker has
 * it but no answer came within the wait, a 202 with `Location` (it is applied later, once).
 */
export function answerOf<T>(reply: WebhookCommandReply<T>, res: Response, queued: QueuedWrite): T | ChangeAccepted {
  if (reply.answered) return unwrapWebhookReply(reply.result);
  res.status(202).setHeader('Location', queued.location);
  return { id: queued.id, detail: queued.detail ?? QUEUED };
}

const location = (path: string) => ({ Location: { description: path, schema: { type: 'string' } } });

/** OpenAPI of the 202 of a write that answers 200, 201 or 204 when its outcome comes back in time. */
export const ApiQueuedWrite = (path: string, description = ACCEPTED): MethodDecorator =>
  ApiAcceptedResponse({ description, standardSchema: ChangeAccepted, headers: location(path) });

/**
 * OpenAPI of a write that answers 202 either way: with `answered`, its outcome, or, queued and not
 * answered in time, `{ id, detail }` and `Location`.
 */
export const ApiAnsweredOrQueued = (answered: new () => unknown, description: string, path: string): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(answered),
    ApiAcceptedResponse({
      description: `${description} Or, ${ACCEPTED.charAt(0).toLowerCase()}${ACCEPTED.slice(1)} That answer is \`{ id, detail }\` with \`Location\`.`,
      schema: { oneOf: [{ $ref: getSchemaPath(answered) }, { $ref: '#/components/schemas/ChangeAcceptedSchema' }] },
      headers: { Location: { description: `On the queued answer only: ${path}`, schema: { type: 'string' } } },
    }),
  );
