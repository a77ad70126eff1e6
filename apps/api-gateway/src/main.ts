import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '#config';
import { createGateway } from './gateway.js';

const config = loadConfig();
const app = await createGateway(config);
app.enableShutdownHooks();
await app.listen(config.port);
new Logger('api-gateway').log(`listening on port ${config.port}`);
