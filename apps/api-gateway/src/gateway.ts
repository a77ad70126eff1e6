import type { AppConfig } from '#config';
import { bootstrapLogger, httpMetricsMiddleware, LoggingModule, MetricsModule, useJsonLogger } from '#observability';
import { buildGatewayApp } from './gateway-app.js';
import { GatewayMessagingModule } from './messaging/gateway-messaging.module.js';
import { StreamModule } from './stream/stream.module.js';

/** The api-gateway as it runs: HTTP layer plus RabbitMQ, not yet listening. */
export async function createGateway(config: AppConfig) {
  const app = await buildGatewayApp(config, undefined, {
    imports: [
      LoggingModule.forRoot('api-gateway', config.logLevel),
      MetricsModule.forRoot(),
      GatewayMessagingModule.forRoot(config),
      StreamModule.forRoot(config),
    ],
    logger: bootstrapLogger('api-gateway', config.logLevel),
  });
  useJsonLogger(app);
  app.use(httpMetricsMiddleware);
  return app;
}
