import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '#config';
import { startService, startTracing } from '#observability';
import { createOrdersApp } from './orders-app.js';

const config = loadConfig();
await startTracing('orders', config.tracing);
await startService('orders', config.logLevel, async () => {
  const app = await createOrdersApp(config);
  app.enableShutdownHooks();
  await app.listen(config.ordersPort);
  app.get(Logger).log(`consuming commands; health and metrics on port ${config.ordersPort}`, 'orders');
});
