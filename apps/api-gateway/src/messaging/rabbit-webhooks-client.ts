import type { ConfirmChannel } from 'amqplib';
import type { AppConfig } from '#config';
import {
  WEBHOOKS_ADMIN_COMMAND_QUEUE,
  WEBHOOKS_ADMIN_QUEUE,
  type WebhookCommandPattern,
  type WebhookMessageMap,
  type WebhookQueryPattern,
} from '#contracts';
import { type AmqpConnection, declareWorkQueue, RpcClient, webhooksAdminCommandQueue, webhooksAdminQueue } from '#messaging';
import type { WebhooksClient } from '../webhooks/webhooks-client.port.js';
import { rpcUnavailable } from './rpc-unavailable.js';

/**
 * The WebhooksClient port over RabbitMQ: reads on `webhooks.admin`, transient and expiring with the
 * wait, so one that timed out (503) is dropped unread; writes on `webhooks.admin.commands`, durable
 * and confirmed, so one the broker took is applied even after its caller got a 202.
 */
export class RabbitWebhooksClient implements WebhooksClient {
  private readonly rpc: RpcClient;

  constructor(
    connection: AmqpConnection,
    private readonly config: AppConfig,
  ) {
    this.rpc = new RpcClient(connection, 'gateway.webhooks', async (channel: ConfirmChannel) => {
      await declareWorkQueue(channel, webhooksAdminQueue(config.rpcTimeoutMs), config.queueType);
      await declareWorkQueue(channel, webhooksAdminCommandQueue, config.queueType);
    });
  }

  async query<P extends WebhookQueryPattern>(pattern: P, payload: WebhookMessageMap[P]['payload']) {
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

  async command<P extends WebhookCommandPattern>(pattern: P, payload: WebhookMessageMap[P]['payload'], waitMs: number) {
    try {
      return await this.rpc.command<WebhookMessageMap[P]['result']>(
        WEBHOOKS_ADMIN_COMMAND_QUEUE,
        pattern,
        payload,
        waitMs,
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
