import type { WebhookCommandPattern, WebhookMessageMap, WebhookQueryPattern } from '#contracts';

export const WEBHOOKS_CLIENT = Symbol('WEBHOOKS_CLIENT');

/** How the gateway's webhook routes ask the service that owns subscriptions (over RabbitMQ in ../messaging). */
export interface WebhooksClient {
  /** A read: throws a ServiceUnavailable-type error when no answer comes in time. */
  query<P extends WebhookQueryPattern>(
    pattern: P,
    payload: WebhookMessageMap[P]['payload'],
  ): Promise<WebhookMessageMap[P]['result']>;
  /**
   * A write, published durably: `answered: false` once the broker has it but no answer came within
   * `waitMs` (it is applied later, once); throws a ServiceUnavailable-type error only when nothing was queued.
   */
  command<P extends WebhookCommandPattern>(
    pattern: P,
    payload: WebhookMessageMap[P]['payload'],
    waitMs: number,
  ): Promise<{ answered: true; result: WebhookMessageMap[P]['result'] } | { answered: false }>;
}
