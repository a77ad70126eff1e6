import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '#config';
import { createAnalyticsApp } from './analytics-app.js';

const config = loadConfig();
const app = await createAnalyticsApp(config);
app.enableShutdownHooks();
await app.listen(config.analyticsPort);
new Logger('analytics').log(`consuming orders.events; health on port ${config.analyticsPort}`);
