import type { ConfirmChannel } from 'amqplib';
import type { AppConfig } from '#config';
import { ANALYTICS_QUERY_QUEUE, type AnalyticsMessageMap, type AnalyticsMessagePattern, AnalyticsQueries } from '#contracts';
import { type AmqpConnection, analyticsQueryQueue, declareWorkQueue, RpcClient } from '#messaging';
import type { AnalyticsClient } from '../analytics/analytics-client.port.js';
import { rpcUnavailable } from './rpc-unavailable.js';

/** A rebuild reads the whole event store: it may take minutes, where a query takes milliseconds. */
export const REBUILD_TIMEOUT_MS = 30 * 60_000;

/** The AnalyticsClient port over RabbitMQ: transient queries on `analytics.queries`. */
export class RabbitAnalyticsClient implements AnalyticsClient {
  private readonly rpc: RpcClient;

  constructor(
    connection: AmqpConnection,
    private readonly config: AppConfig,
  ) {
    this.rpc = new RpcClient(connection, 'gateway.analytics', async (channel: ConfirmChannel) => {
      await declareWorkQueue(channel, analyticsQueryQueue(config.rpcTimeoutMs), config.queueType);
    });
  }

  async query<P extends AnalyticsMessagePattern>(pattern: P, payload: AnalyticsMessageMap[P]['payload']) {
    const timeout = pattern === AnalyticsQueries.rebuild ? REBUILD_TIMEOUT_MS : this.config.rpcTimeoutMs;
    try {
      return await this.rpc.query<AnalyticsMessageMap[P]['result']>(ANALYTICS_QUERY_QUEUE, pattern, payload, timeout, 'none');
    } catch (error) {
      throw rpcUnavailable(error, 'analytics');
    }
  }

  ready(): Promise<void> {
    return this.rpc.ready();
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
