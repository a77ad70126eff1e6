import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '#config';
import { startService, startTracing } from '#observability';
import { createGateway, listenGateway } from './gateway.js';

const config = loadConfig();
await startTracing('api-gateway', config.tracing);
await startService('api-gateway', config.logLevel, async () => {
  const app = await createGateway(config);
  app.enableShutdownHooks();
  await listenGateway(app, config.port, undefined, config.adminPort);
  const admin = config.adminPort === undefined ? '' : `; admin and internal routes and /metrics on port ${config.adminPort}`;
  app.get(Logger).log(`listening on port ${config.port}${admin}`, 'api-gateway');
});
