import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '#config';
import { startTracing } from '#observability';
import { createAnalyticsApp } from './analytics-app.js';

const config = loadConfig();
await startTracing('analytics', config.tracing);
const app = await createAnalyticsApp(config);
app.enableShutdownHooks();
await app.listen(config.analyticsPort);
app.get(Logger).log(`consuming orders.events; health and metrics on port ${config.analyticsPort}`, 'analytics');
