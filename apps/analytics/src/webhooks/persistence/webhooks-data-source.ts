import { createDataSource, type DataSourceSpec } from '#persistence';
import type { DataSource } from 'typeorm';
import { WebhooksInitial1767800000000 } from './migrations/1767800000000-webhooks-initial.js';
import { WebhookEventPruning1768100000000 } from './migrations/1768100000000-webhook-event-pruning.js';
import { WebhookRequestKeys1768300000000 } from './migrations/1768300000000-webhook-request-keys.js';
import { WebhookEventsByOrder1768500000000 } from './migrations/1768500000000-webhook-events-by-order.js';
import { WebhookClaims1768500000001 } from './migrations/1768500000001-webhook-claims.js';

export const WEBHOOKS_MIGRATIONS = [
  WebhooksInitial1767800000000,
  WebhookEventPruning1768100000000,
  WebhookRequestKeys1768300000000,
  WebhookEventsByOrder1768500000000,
  WebhookClaims1768500000001,
];

/** Schema `webhooks`, migrated on its own: the webhooks module can move to a process of its own with its tables. */
export function webhooksDataSourceSpec(url: string, poolSize = 8): DataSourceSpec {
  return { url, schema: 'webhooks', entities: [], migrations: WEBHOOKS_MIGRATIONS, poolSize };
}

export function createWebhooksDataSource(url: string, poolSize?: number): DataSource {
  return createDataSource(webhooksDataSourceSpec(url, poolSize));
}
