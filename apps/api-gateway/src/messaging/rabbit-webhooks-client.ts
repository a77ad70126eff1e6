import type { ConfirmChannel } from 'amqplib';
import type { AppConfig } from '#config';
import { WEBHOOKS_ADMIN_QUEUE, type WebhookMessageMap, type WebhookRequestPattern } from '#contracts';
import { type AmqpConnection, declareWorkQueue, RpcClient, webhooksAdminQueue } from '#messaging';
import type { WebhooksClient } from '../webhooks/webhooks-client.port.js';
import { rpcUnavailable } from './rpc-unavailable.js';

/**
 * The WebhooksClient port over RabbitMQ: requests on `webhooks.admin`, transient and expiring with
 * the wait, so a request that timed out (503) is dropped unread rather than applied later.
 */
export class RabbitWebhooksClient implements WebhooksClient {
  private readonly rpc: RpcClient;

  constructor(
    connection: AmqpConnection,
    private readonly config: AppConfig,
  ) {
    this.rpc = new RpcClient(connection, 'gateway.webhooks', async (channel: ConfirmChannel) => {
      await declareWorkQueue(channel, webhooksAdminQueue(config.rpcTimeoutMs), config.queueType);
    });
  }

  async request<P extends WebhookRequestPattern>(pattern: P, payload: WebhookMessageMap[P]['payload']) {
    try {
      return await this.rpc.query<WebhookMessageMap[P]['result']>(
        WEBHOOKS_ADMIN_QUEUE,
        pattern,
        payload,
        this.config.rpcTimeoutMs,
        'none',
      );
    } catch (error) {
      throw rpcUnavailable(error, 'webhooks');
    }
  }

  ready(): Promise<void> {
    return this.rpc.ready();
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
