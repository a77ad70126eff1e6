import { ServiceUnavailableException } from '@nestjs/common';
import type { ConfirmChannel } from 'amqplib';
import type { AppConfig } from '#config';
import { ORDERS_COMMAND_QUEUE, ORDERS_QUERY_QUEUE, type OrderMessageMap, type OrderMessagePattern } from '#contracts';
import {
  type AmqpConnection,
  declareWorkQueue,
  ordersCommandQueue,
  ordersQueryQueue,
  RpcClient,
  RpcRemoteError,
  RpcTimeoutError,
} from '#messaging';
import type { OrdersClient } from '../orders/orders-client.port.js';

/** The OrdersClient port over RabbitMQ: commands durable and confirmed, queries transient. */
export class RabbitOrdersClient implements OrdersClient {
  private readonly rpc: RpcClient;

  constructor(
    connection: AmqpConnection,
    private readonly config: AppConfig,
  ) {
    this.rpc = new RpcClient(connection, 'gateway.orders', async (channel: ConfirmChannel) => {
      await declareWorkQueue(channel, ordersCommandQueue, config.queueType);
      await declareWorkQueue(channel, ordersQueryQueue(config.rpcTimeoutMs), config.queueType);
    });
  }

  async command<P extends OrderMessagePattern>(pattern: P, payload: OrderMessageMap[P]['payload'], waitMs: number) {
    try {
      return await this.rpc.command<OrderMessageMap[P]['result']>(
        ORDERS_COMMAND_QUEUE,
        pattern,
        payload,
        waitMs,
        correlationOf(payload),
      );
    } catch (error) {
      throw unavailable(error);
    }
  }

  async query<P extends OrderMessagePattern>(pattern: P, payload: OrderMessageMap[P]['payload']) {
    try {
      return await this.rpc.query<OrderMessageMap[P]['result']>(
        ORDERS_QUERY_QUEUE,
        pattern,
        payload,
        this.config.rpcTimeoutMs,
        correlationOf(payload),
      );
    } catch (error) {
      throw unavailable(error);
    }
  }

  ready(): Promise<void> {
    return this.rpc.ready();
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}

const correlationOf = (payload: unknown) => (payload as { correlationId?: string }).correlationId ?? 'none';

function unavailable(error: unknown): Error {
  if (error instanceof RpcTimeoutError) {
    return new ServiceUnavailableException('The orders service did not answer in time; try again shortly.');
  }
  if (error instanceof RpcRemoteError) {
    return new ServiceUnavailableException('The orders service could not process the request; try again shortly.');
  }
  return new ServiceUnavailableException('The message broker did not accept the request; try again shortly.');
}
