import { type CustomStrategy, type RmqOptions, Transport } from '@nestjs/microservices';
import { AMQP_HEARTBEAT_SECONDS } from './amqp-connection.js';
import { RmqServer } from './rmq-server.js';
import { type QueueType, type WorkQueue, workQueueOptions } from './topology.js';

type RmqServerOptions = Required<RmqOptions>['options'];

/**
 * NestJS RMQ server options with the transport's unsafe defaults overridden: manual acks
 * (the default is auto-ack), persistent replies and a bounded prefetch (the default is unbounded).
 */
export function rmqServerOptions(
  url: string,
  queue: WorkQueue,
  prefetch: number,
  queueType: QueueType,
  heartbeatSeconds = AMQP_HEARTBEAT_SECONDS,
): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [url],
      queue: queue.name,
      queueOptions: workQueueOptions(queue, queueType),
      noAck: false,
      persistent: true,
      prefetchCount: prefetch,
      isGlobalPrefetchCount: false,
      // Reconnect after 1 s (the library waits 5 s): consumers are the service's whole work.
      socketOptions: {
        connectionOptions: { noDelay: true },
        reconnectTimeInSeconds: 1,
        heartbeatIntervalInSeconds: heartbeatSeconds,
      },
    },
  };
}

/** The broker settings of the configuration every consumer is started with. */
export interface BrokerSettings {
  amqpUrl: string;
  prefetch: number;
  queueType: QueueType;
  amqpHeartbeatSeconds: number;
}

/** The consumer of one work queue, as `rmqServerOptions` describes it, on the reconnect-safe `RmqServer`. */
export function rmqServer(broker: BrokerSettings, queue: WorkQueue, more: Partial<RmqServerOptions> = {}): CustomStrategy {
  const { options } = rmqServerOptions(broker.amqpUrl, queue, broker.prefetch, broker.queueType, broker.amqpHeartbeatSeconds);
  return { strategy: new RmqServer({ ...options, ...more }) };
}
