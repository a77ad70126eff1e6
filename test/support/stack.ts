import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { type AppConfig, loadConfig } from '#config';
import { createAnalyticsApp } from '../../apps/analytics/src/analytics-app.js';
import { createGateway } from '../../apps/api-gateway/src/gateway.js';
import { createOrdersApp } from '../../apps/orders/src/orders-app.js';
import { eventViolationsSoFar } from './contract-validator.js';
import { OpenApiRecorder } from './openapi-recorder.js';

export interface Stack {
  gatewayUrl: string;
  amqpUrl: string;
  config: AppConfig;
  keys: Record<string, string>;
  stopOrders(): Promise<void>;
  startOrders(): Promise<void>;
  /** The analytics service, and with it the webhooks module when WEBHOOK_SECRET_KEY is set. */
  stopAnalytics(): Promise<void>;
  startAnalytics(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_KEYS = {
  channel: 'test-channel-key',
  staff: 'test-staff-key',
  analyst: 'test-analyst-key',
  internal: 'test-internal-key',
  admin: 'test-admin-key',
};

/** All three services in this process, on the run's own database and vhost, HTTP on free ports. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    AMQP_URL: process.env.AMQP_URL,
    API_KEYS: Object.entries(TEST_KEYS)
      .map(([role, key]) => `${role}:${key}`)
      .join(','),
    INTAKE_WAIT_MS: '4000',
    LOG_LEVEL: 'silent',
    RPC_TIMEOUT_MS: '5000',
    // Three services and the spec driving them share one event loop, which a spec's 100,000-element
    // bodies or a full collection of a large heap stall for seconds on a busy machine: with the 3 s
    // default the broker then closed the gateway's connection and its next request was a 503.
    AMQP_HEARTBEAT_SECONDS: '15',
    ...(process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {}),
    ...env,
  });
  const recorder = new OpenApiRecorder();
  let orders: INestApplication | undefined;
  let analytics: INestApplication | undefined;
  let gateway: INestApplication;
  try {
    orders = await listen(await createOrdersApp(config));
    analytics = await listen(await createAnalyticsApp(config));
    const gatewayApp = await createGateway(config);
    gatewayApp.use(recorder.middleware);
    gateway = await listen(gatewayApp);
  } catch (error) {
    // A service already listening would keep consuming from the vhost and hold the worker open.
    await Promise.all([orders, analytics].map((app) => app?.close().catch(() => {})));
    throw error;
  }
  const { port } = gateway.getHttpServer().address() as AddressInfo;
  return {
    gatewayUrl: `http://127.0.0.1:${port}`,
    amqpUrl: config.amqpUrl,
    config,
    keys: TEST_KEYS,
    async stopOrders() {
      await orders?.close();
      orders = undefined;
    },
    async startOrders() {
      orders = await listen(await createOrdersApp(config));
    },
    async stopAnalytics() {
      await analytics?.close();
      analytics = undefined;
    },
    async startAnalytics() {
      analytics = await listen(await createAnalyticsApp(config));
    },
    async stop() {
      const document = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as Parameters<
        OpenApiRecorder['violations']
      >[0];
      const violations = [...recorder.violations(document), ...eventViolationsSoFar()];
      await gateway.close();
      await orders?.close();
      await analytics?.close();
      if (violations.length) {
        throw new Error(`contract violations (OpenAPI responses, event schemas):\n  ${violations.join('\n  ')}`);
      }
    },
  };
}

async function listen<T extends INestApplication>(app: T): Promise<T> {
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => {});
    throw error;
  }
  return app;
}
