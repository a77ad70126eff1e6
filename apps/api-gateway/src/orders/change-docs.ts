import { applyDecorators } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader } from '@nestjs/swagger';
import { ChangeAccepted } from '#contracts';
import { ProblemTypes } from '#http';

/** OpenAPI of what every write other than create shares: its optional Idempotency-Key and its 202. */
export const ApiKeyedChange = (location = '/v1/orders/{id}'): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        '1 to 255 printable ASCII characters, kept 24 hours per API key, route and target. A retry with the same key and ' +
        `body answers what the first request was answered and changes nothing again; another body is a 409 \`${ProblemTypes.idempotencyConflict}\`.`,
    }),
    ApiAcceptedResponse({
      description:
        'Durably queued, but its outcome did not come back within INTAKE_WAIT_MS: it will be applied once. GET the Location ' +
        'to see it, or retry with the same Idempotency-Key for the answer.',
      standardSchema: ChangeAccepted,
      headers: { Location: { description: location, schema: { type: 'string' } } },
    }),
  );

/** A 503 of a write: nothing was queued, so any retry is safe. */
export const NOTHING_QUEUED = {
  status: 503,
  description: 'Nothing was queued (the broker unreachable or unconfirmed, or the gateway at capacity; `Retry-After`): retry.',
};

/** The 409 of a write that has no other: its Idempotency-Key reused with another body. */
export const KEY_REUSED = {
  status: 409,
  description: `\`${ProblemTypes.idempotencyConflict}\`: the Idempotency-Key was used with another body.`,
};
