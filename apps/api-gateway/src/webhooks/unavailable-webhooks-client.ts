import { ServiceUnavailableException } from '@nestjs/common';
import type { WebhooksClient } from './webhooks-client.port.js';

/** For an HTTP layer built over a fake orders client with nothing behind it: every webhook route answers 503. */
export class UnavailableWebhooksClient implements WebhooksClient {
  request(): Promise<never> {
    return Promise.reject(new ServiceUnavailableException('No webhooks service is connected.'));
  }
}
