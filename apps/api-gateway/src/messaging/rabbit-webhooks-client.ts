import { ServiceUnavailableException } from '@nestjs/common';
import type { ConfirmChannel } from 'amqplib';
import type { AppConfig } from '#config';
import { WEBHOOKS_ADMIN_QUEUE, type WebhookMessageMap, type WebhookRequestPattern } from '#contracts';
import {
  type AmqpConnection,
  declareWorkQueue,
  RpcClient,
  RpcRemoteError,
  RpcTimeoutError,
  webhooksAdminQueue,
} from '#messaging';
import type { WebhooksClient } from '../webhooks/webhooks-client.port.js';

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
      if (error instanceof RpcTimeoutError) {
        throw new ServiceUnavailableException('The webhooks service did not answer in time; try again shortly.');
      }
      if (error instanceof RpcRemoteError) {
        throw new ServiceUnavailableException('The webhooks service could not process the request; try again shortly.');
      }
      throw new ServiceUnavailableException('The message broker did not accept the request; try again shortly.');
    }
  }

  ready(): Promise<void> {
    return this.rpc.ready();
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
