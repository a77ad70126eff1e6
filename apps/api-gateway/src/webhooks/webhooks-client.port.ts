import type { WebhookMessageMap, WebhookRequestPattern } from '#contracts';

export const WEBHOOKS_CLIENT = Symbol('WEBHOOKS_CLIENT');

/** How the gateway's webhook routes ask the service that owns subscriptions (over RabbitMQ in ../messaging). */
export interface WebhooksClient {
  /** Throws a ServiceUnavailable-type error when no answer comes in time. */
  request<P extends WebhookRequestPattern>(
    pattern: P,
    payload: WebhookMessageMap[P]['payload'],
  ): Promise<WebhookMessageMap[P]['result']>;
}
