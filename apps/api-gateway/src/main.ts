import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '#config';
import { createGateway } from './gateway.js';

const config = loadConfig();
const app = await createGateway(config);
app.enableShutdownHooks();
await app.listen(config.port);
app.get(Logger).log(`listening on port ${config.port}`, 'api-gateway');
