import type { AnalyticsMessageMap, AnalyticsMessagePattern } from '#contracts';

export const ANALYTICS_CLIENT = Symbol('ANALYTICS_CLIENT');

/** How the gateway's HTTP layer asks the analytics service (implemented over RabbitMQ in ../messaging). */
export interface AnalyticsClient {
  /** Throws a ServiceUnavailable-type error when no answer comes in time. */
  query<P extends AnalyticsMessagePattern>(
    pattern: P,
    payload: AnalyticsMessageMap[P]['payload'],
  ): Promise<AnalyticsMessageMap[P]['result']>;
}
