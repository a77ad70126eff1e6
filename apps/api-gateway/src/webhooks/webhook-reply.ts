import type { WebhookReply } from '#contracts';
import { ProblemException, ProblemTypes } from '#http';

const STATUS = { 'not-found': 404, conflict: 409, 'invalid-cursor': 400, 'idempotency-conflict': 409 } as const;
const TYPE = {
  'not-found': ProblemTypes.notFound,
  conflict: 'conflict',
  'invalid-cursor': ProblemTypes.invalidCursor,
  'idempotency-conflict': ProblemTypes.idempotencyConflict,
} as const;

/** The answer of a webhook request, or its refusal as a problem document. */
export function unwrapWebhookReply<T>(reply: WebhookReply<T>): T {
  if ('ok' in reply) return reply.ok;
  throw new ProblemException({ status: STATUS[reply.error], type: TYPE[reply.error], detail: reply.detail });
}
