import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#config';
import { buildAsyncApiDocument } from '#contracts';
import {
  closeValidatedSchemas,
  configureHttpApp,
  documentValidationRules,
  PROBLEM_TYPE_BASE,
  ProblemTypes,
  refuseBeforeApp,
} from '#http';
import { Admission, type BrokerState } from './admission/admission.js';
import { LargeBodies } from './admission/large-bodies.js';
import { RateLimits } from './admission/rate-limits.js';
import { correlationIdSecretDropper } from './auth/correlation-secret.js';
import { GATEWAY_BODY_LIMITS, OTHER_BODY_LIMIT } from './body-limits.js';
import { AMQP_CONNECTION } from './messaging/gateway-messaging.module.js';
import { documentNotAcceptable } from './csv/not-acceptable.openapi.js';
import { wireShapeConverter } from './openapi-components.js';
import { undecodableTrackingTokens } from './tracking/tracking-link.js';

/**
 * The set-up of an app created (with `{ bodyParser: false }`) from `GatewayHttpModule`, before
 * init: rate limits, admission, body parsing and limits, problem documents, validation, CORS,
 * Swagger at /docs and /docs-json.
 */
export function configureGatewayApp<T extends INestApplication>(app: T): T {
  const config = app.get<AppConfig>(APP_CONFIG);
  // On the raw server, ahead of every middleware: a correlation id holding a key is dropped, and a key
  // past its rate limit refused, which costs a header lookup and one write a request, so a flood of it
  // does not slow other keys.
  const rateLimits = new RateLimits(config.apiKeys, config.rateLimits);
  const dropSecret = correlationIdSecretDropper(config.apiKeys.keys());
  refuseBeforeApp(
    app,
    (req, res, path) => {
      dropSecret(req);
      return rateLimits.refusal(req, res, path);
    },
    config.corsOrigins,
  );
  const admission = new Admission(config.maxInFlightRequests, app.get<BrokerState>(AMQP_CONNECTION, { strict: false }));
  configureHttpApp(app, {
    bodyLimit: OTHER_BODY_LIMIT,
    bodyLimits: GATEWAY_BODY_LIMITS,
    beforeBody: [admission.middleware, new LargeBodies().middleware, undecodableTrackingTokens],
    corsOrigins: config.corsOrigins,
  });
  setupGatewayDocs(app);
  return app;
}

const PROBLEM_TYPES_DOC = Object.values(ProblemTypes)
  .map((slug) => `\`${PROBLEM_TYPE_BASE}${slug}\``)
  .join(', ');

/** Not open source: an SPDX reference to the project's own terms (OpenAPI 3.1 names a licence by SPDX expression). */
const LICENSE = { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' };

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupGatewayDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Orders API')
    .setDescription(
      'The order management platform’s HTTP API (api-gateway).\n\n' +
        'Authenticate with `Authorization: Bearer <key>` (keys come from `API_KEYS`). A missing or unknown key is a 401, ' +
        'a known key without the route’s role a 403; `admin` may do everything. Keys are taken from that header only: ' +
        'a key in the URL never authenticates (and is never logged).\n\n' +
        'A key may be scoped to brands (`role:key:brandA|brandB` in `API_KEYS`), whatever its role: another brand’s order, ' +
        'history, items or refunds are then a 404 as if unknown; creating an order for another brand, or filtering a list, ' +
        'the stream or an analytics query by one, is a 403; lists, the stream and every analytics figure cover only its ' +
        'brands; and `POST /v1/analytics/rebuild`, which acts on every brand, is a 403.\n\n' +
        'When the gateway cannot take more work (the broker unreachable, or `MAX_IN_FLIGHT_REQUESTS` requests in flight) ' +
        'it answers 503 with `Retry-After` at once, having accepted nothing. A key with 4 request bodies over 64 KB already ' +
        'in flight is answered 429 with `Retry-After` for another, before it is read. With `RATE_LIMITS` set, each key of a ' +
        'limited role has a token bucket (its requests a second and its burst): beyond it, 429 with `Retry-After`; every ' +
        'answer to such a key carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers).\n\n' +
        'Every error is an RFC 9457 problem document (`application/problem+json`) with `type`, `title`, `status`, ' +
        '`detail` (never empty) and `instance`; validation problems list `errors: [{ field, message }]` with dotted field paths. ' +
        `Problem types: ${PROBLEM_TYPES_DOC}; other statuses use the slug of their reason phrase under the same base.\n\n` +
        'Every response carries `X-Correlation-Id` (the request’s, when it is 1–128 of [A-Za-z0-9._:-], else a new one).\n\n' +
        'A method a path does not answer is a 405 problem with `Allow` listing those it does; `OPTIONS` answers 204 with ' +
        '`Allow`. CORS is off unless `CORS_ORIGINS` lists the calling origin. Reads that send an `ETag` answer ' +
        '`If-None-Match` with 304 when it matches.',
    )
    .setVersion('1.0')
    .setOpenAPIVersion('3.1.0')
    .addServer('/', 'The gateway that serves this document')
    .addTag('orders', 'Orders: create, read, list, status and item changes, history.')
    .addTag('refunds', 'Refunds owed on cancelled or rejected paid orders.')
    .addTag('brands', 'Brand availability: ONLINE, BUSY or PAUSED, and snoozed items, which intake refuses.')
    .addTag('stream', 'Live order events as Server-Sent Events.')
    .addTag('analytics', 'Figures computed from the order events: summaries, throughput, customers.')
    .addTag(
      'webhooks',
      'Signed HTTP callbacks of order events for ordering channels: subscriptions, delivery log, retry, replay.',
    )
    .addTag('tracking', 'A customer’s tracking link: no key, the token from the create answer, and nothing personal.')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'An API key from API_KEYS (role:key pairs).' },
      'bearer',
    )
    .build();
  const validated = documentValidationRules();
  const document = SwaggerModule.createDocument(
    app,
    { ...config, info: { ...config.info, license: LICENSE } },
    { standardSchemaConverter: wireShapeConverter() },
  );
  closeValidatedSchemas(document.components?.schemas ?? {}, validated);
  documentNotAcceptable(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  const asyncApi = buildAsyncApiDocument();
  app.getHttpAdapter().get('/docs-asyncapi.json', (_req: unknown, res: { json: (body: unknown) => void }) => res.json(asyncApi));
}
