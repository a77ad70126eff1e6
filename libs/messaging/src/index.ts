export * from './amqp-connection.js';
export * from './cloud-event-publisher.js';
export * from './confirm-publisher.js';
export * from './delivery-handler.js';
export * from './rmq-server-options.js';
export * from './rpc-client.js';
export * from './topology.js';
export * from './analytics-queues.js';
