import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '#config';
import { createOrdersApp } from './orders-app.js';

const config = loadConfig();
const app = await createOrdersApp(config);
app.enableShutdownHooks();
await app.listen(config.ordersPort);
new Logger('orders').log(`consuming commands; health on port ${config.ordersPort}`);
