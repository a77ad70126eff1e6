import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
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

const SUBSCRIPTION_ID_NAMESPACE = '3f0d8e52-7a1c-4b9e-8d27-5c6a1e94b0f3';

/**
 * A new subscription's id, minted here so that a 202 can name it: random, or for a keyed create
 * derived from the key and the request, so a retry queued before the first was applied names the
 * same subscription (the service answers it with the first's answer).
 */
export function subscriptionIdFor({ idempotency }: KeyedRequest): string {
  if (!idempotency) return randomUUID();
  const { actor, key, requestHash } = idempotency;
  return uuidv5(`${actor}\u0000${key}\u0000${requestHash}`, SUBSCRIPTION_ID_NAMESPACE);
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
