import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer } from 'node:http';
import type { ListenOptions } from 'node:net';
import type { AppConfig } from '#config';
import {
  bootstrapLogger,
  httpMetricsMiddleware,
  LoggingModule,
  MetricsModule,
  traceHttpRequests,
  TracingModule,
  tracingOn,
  useJsonLogger,
} from '#observability';
import { configureGatewayApp } from './gateway-app.js';
import { GatewayHttpModule } from './gateway-http.module.js';
import { GatewayMessagingModule } from './messaging/gateway-messaging.module.js';
import { StreamModule } from './stream/stream.module.js';
import { AvailabilityFeedModule } from './brands/availability.module.js';
import { WebPagesModule } from './web/web-pages.module.js';

/** The api-gateway as it runs: HTTP layer plus RabbitMQ, not yet listening. */
export async function createGateway(config: AppConfig) {
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayHttpModule.forRoot({
      config,
      imports: [
        LoggingModule.forRoot('api-gateway', config.logLevel, { secrets: config.apiKeys.keys() }),
        MetricsModule.forRoot(),
        TracingModule,
        GatewayMessagingModule.forRoot(config),
        StreamModule.forRoot(config),
        AvailabilityFeedModule.forRoot(),
        WebPagesModule.forRoot(config.webDir),
      ],
    }),
    { bodyParser: false, abortOnError: false, logger: bootstrapLogger('api-gateway', config.logLevel) },
  );
  configureGatewayApp(app);
  useJsonLogger(app);
  app.use(httpMetricsMiddleware);
  if (tracingOn()) app.use(traceHttpRequests);
  return app;
}

/**
 * Connections the kernel queues for accept. Node's default of 511 overflows under a burst of
 * clients and resets the excess; the kernel caps this at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/**
 * Listens on `port`, and with `adminPort` on a second port too, served by the same application: the
 * admin-port guard decides which routes answer where. The second listener closes with the first.
 */
export async function listenGateway(app: INestApplication, port: number, host?: string, adminPort?: number): Promise<void> {
  const options: ListenOptions = { port, backlog: LISTEN_BACKLOG, ...(host === undefined ? {} : { host }) };
  // Nest hands its arguments on to http.Server#listen, which takes this options form; its own types know only port and host.
  await app.listen(options as unknown as number);
  if (adminPort === undefined) return;
  const server = app.getHttpServer() as ReturnType<typeof createServer>;
  // The main server's own handler, with whatever answers before the app (rate limits) in front of it.
  const [handler] = server.listeners('request') as Parameters<typeof createServer>[0][];
  const admin = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    admin.once('error', reject);
    admin.listen({ ...options, port: adminPort }, () => {
      admin.off('error', reject);
      resolve();
    });
  });
  const closeMain = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    admin.close();
    admin.closeAllConnections();
    return closeMain(callback);
  };
}
