import type { AppConfig } from '#config';
import { buildGatewayApp } from './gateway-app.js';
import { GatewayMessagingModule } from './messaging/gateway-messaging.module.js';
import { StreamModule } from './stream/stream.module.js';

/** The api-gateway as it runs: HTTP layer plus RabbitMQ, not yet listening. */
export function createGateway(config: AppConfig) {
  return buildGatewayApp(config, undefined, { imports: [GatewayMessagingModule.forRoot(config), StreamModule.forRoot(config)] });
}
