import { ServiceUnavailableException } from '@nestjs/common';
import type { WebhooksClient } from '../../../apps/api-gateway/src/webhooks/webhooks-client.port.js';

/** The HTTP layer's tests have no webhooks service behind them: every webhook route answers 503. */
export class UnavailableWebhooksClient implements WebhooksClient {
  request(): Promise<never> {
    return Promise.reject(new ServiceUnavailableException('No webhooks service is connected.'));
  }
}
