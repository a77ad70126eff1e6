import { type RmqOptions, Transport } from '@nestjs/microservices';
import { type QueueType, type WorkQueue, workQueueOptions } from './topology.js';

/**
 * NestJS RMQ server options with the transport's unsafe defaults overridden: manual acks
 * (the default is auto-ack), persistent replies and a bounded prefetch (the default is unbounded).
 */
export function rmqServerOptions(url: string, queue: WorkQueue, prefetch: number, queueType: QueueType): RmqOptions {
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
      socketOptions: { connectionOptions: { noDelay: true } },
    },
  };
}
