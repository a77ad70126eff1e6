import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '#config';
import { createGateway, listenGateway } from './gateway.js';

const config = loadConfig();
const app = await createGateway(config);
app.useLogger(app.get(Logger));
app.enableShutdownHooks();
await listenGateway(app, config.port);
app.get(Logger).log(`listening on port ${config.port}`, 'api-gateway');
