import { randomBytes } from 'node:crypto';

/**
 * Webhooks on, with a sealing key of the test's own, for endpoints on the loopback over plain HTTP
 * (which a production configuration refuses); `more` sets the rest (poll, retry windows).
 */
export const loopbackWebhooks = (more: Record<string, string> = {}): Record<string, string> => ({
  WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  ...more,
});
