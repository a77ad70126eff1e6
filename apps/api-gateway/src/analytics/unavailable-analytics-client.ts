import { ServiceUnavailableException } from '@nestjs/common';
import type { AnalyticsClient } from './analytics-client.port.js';

/** For an HTTP layer built over a fake orders client with no analytics behind it: every analytics route answers 503. */
export class UnavailableAnalyticsClient implements AnalyticsClient {
  query(): Promise<never> {
    return Promise.reject(new ServiceUnavailableException('No analytics service is connected.'));
  }
}
