import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { KeyedRequest } from '#contracts';
import { ProblemTypes } from '#http';
import type { AuthenticatedCaller } from '../auth/caller.js';
import { parseIdempotencyKey, sha256OfCanonicalJson } from '../orders/request-input.js';

/**
 * A webhook write's Idempotency-Key (a 400 naming the header when malformed), the hash of what it
 * asks and the caller key's actor: the webhooks module keeps the answer per actor, route and target.
 */
export function webhookKey(header: string | undefined, caller: AuthenticatedCaller, request: unknown): KeyedRequest {
  const key = parseIdempotencyKey(header);
  return key === undefined ? {} : { idempotency: { key, requestHash: sha256OfCanonicalJson(request), actor: caller.actor } };
}

export const ApiWebhookKey = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        '1 to 255 printable ASCII characters, kept 24 hours per API key, route and target. A retry with the same key and ' +
        `body answers what the first request was answered (the same subscription and secret, the same rotation, one replay); ` +
        `another body is a 409 \`${ProblemTypes.idempotencyConflict}\`.`,
    }),
  );
