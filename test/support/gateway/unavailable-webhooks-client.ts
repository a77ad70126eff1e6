import { ServiceUnavailableException } from '@nestjs/common';
import type { WebhooksClient } from '../../../apps/api-gateway/src/webhooks/webhooks-client.port.js';

/** The HTTP layer's tests have no webhooks service behind them: every webhook route answers 503 (nothing was queued). */
export class UnavailableWebhooksClient implements WebhooksClient {
  query(): Promise<never> {
    return Promise.reject(new ServiceUnavailableException('No webhooks service is connected.'));
  }

  command(): Promise<never> {
    return this.query();
  }
}
