import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '#config';
import { createOrdersApp } from '../../apps/orders/src/orders-app.js';
import { TEST_KEYS } from './stack.js';

/**
 * Everything the orders service writes to stdout while it starts, as lines. One call per test file:
 * nestjs-pino keeps its root logger for the life of the module registry.
 */
export async function startUpOutput(logLevel: string): Promise<string[]> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    AMQP_URL: process.env.AMQP_URL,
    API_KEYS: Object.entries(TEST_KEYS)
      .map(([role, key]) => `${role}:${key}`)
      .join(','),
    LOG_LEVEL: logLevel,
  });
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => chunks.push(chunk.toString()) > 0) as typeof process.stdout.write;
  let app: INestApplication | undefined;
  try {
    app = await createOrdersApp(config);
    await app.init();
  } finally {
    process.stdout.write = write;
    await app?.close();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.length > 0);
}
