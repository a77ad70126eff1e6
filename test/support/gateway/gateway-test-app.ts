import { WEBHOOKS_CLIENT } from '../../../apps/api-gateway/src/webhooks/webhooks-client.port.js';
import { UnavailableWebhooksClient } from './unavailable-webhooks-client.js';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { type ApiRole, loadConfig } from '#config';
import type { OrderView } from '#contracts';
import { configureGatewayApp } from '../../../apps/api-gateway/src/gateway-app.js';
import { GatewayHttpModule } from '../../../apps/api-gateway/src/gateway-http.module.js';
import { ANALYTICS_CLIENT } from '../../../apps/api-gateway/src/analytics/analytics-client.port.js';
import { AMQP_CONNECTION, GatewayMessagingModule } from '../../../apps/api-gateway/src/messaging/gateway-messaging.module.js';
import { ORDERS_CLIENT } from '../../../apps/api-gateway/src/orders/orders-client.port.js';
import { FakeAnalyticsClient } from './fake-analytics-client.js';
import { FakeOrdersClient } from './fake-orders-client.js';

/** One key per role; none of them is used outside tests. */
export const KEYS: Record<ApiRole, string> = {
  channel: 'test-channel-key-0001',
  staff: 'test-staff-key-0002',
  analyst: 'test-analyst-key-0003',
  internal: 'test-internal-key-0004',
  admin: 'test-admin-key-0005',
};

export const bearer = (role: ApiRole) => ({ Authorization: `Bearer ${KEYS[role]}` });

export const testConfig = (env: Record<string, string> = {}) =>
  loadConfig({
    API_KEYS: Object.entries(KEYS)
      .map(([role, key]) => `${role}:${key}`)
      .join(','),
    INTAKE_WAIT_MS: '50',
    RPC_TIMEOUT_MS: '100',
    ...env,
  });

export interface GatewayTestApp {
  app: INestApplication;
  client: FakeOrdersClient;
  analytics: FakeAnalyticsClient;
  http: () => request.Agent;
  close: () => Promise<void>;
}

/**
 * The real HTTP layer (module, guard, filter, pipes, body limit, docs) as the gateway assembles it,
 * with the messaging module's clients replaced by fakes and its broker connection by one that is
 * always up: no RabbitMQ.
 */
export async function createGatewayTestApp(
  options: { env?: Record<string, string>; imports?: ModuleMetadata['imports'] } = {},
): Promise<GatewayTestApp> {
  const client = new FakeOrdersClient();
  const analytics = new FakeAnalyticsClient();
  const config = testConfig(options.env);
  const moduleRef = await Test.createTestingModule({
    imports: [
      GatewayHttpModule.forRoot({ config, imports: [GatewayMessagingModule.forRoot(config), ...(options.imports ?? [])] }),
    ],
  })
    .overrideProvider(ORDERS_CLIENT)
    .useValue(client)
    .overrideProvider(ANALYTICS_CLIENT)
    .useValue(analytics)
    .overrideProvider(WEBHOOKS_CLIENT)
    .useValue(new UnavailableWebhooksClient())
    .overrideProvider(AMQP_CONNECTION)
    .useValue(connectedBroker)
    .compile();
  moduleRef.useLogger(false);
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureGatewayApp(app);
  await app.init();
  const server = app.getHttpServer() as App;
  return { app, client, analytics, http: () => request(server), close: () => app.close() };
}

/** What the messaging module reads of its connection: readiness, admission, its close on shutdown. */
const connectedBroker = { isConnected: () => true, close: async () => {} };

export const ORDER_ID = '3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85';

export function orderView(overrides: Partial<OrderView> = {}): OrderView {
  const at = '2026-11-22T10:00:00.000Z';
  return {
    id: ORDER_ID,
    channelOrderId: 'TEST1626898082',
    brandId: '60bfc6dc4887c9851d5a0245',
    account: null,
    customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+123456789' },
    deliveryAddress: null,
    fulfillment: { mode: 'PICKUP' },
    pickupTime: null,
    scheduled: false,
    releaseAt: at,
    promisedReadyAt: null,
    items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5, status: 'QUEUED' }],
    payments: [],
    currency: 'EUR',
    status: 'PLACED',
    version: 1,
    totalAmount: 12.5,
    paidAmount: 0,
    refundedAmount: 0,
    placedAt: at,
    createdAt: at,
    updatedAt: at,
    archived: false,
    ...overrides,
  };
}

/** A valid create-order body (the contract's example). */
export function validOrderBody(): Record<string, unknown> {
  return {
    channelOrderId: 'TEST1626898082',
    brandId: '60bfc6dc4887c9851d5a0245',
    account: '60bfc6dc4887c9851d5a0246',
    customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+123456789' },
    deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
    pickupTime: new Date(Date.now() + 20 * 60_000).toISOString(),
    items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
    payments: [{ reference: 'pay_8f2a', amount: 12.5 }],
    currency: 'EUR',
  };
}

/** Asserts an RFC 9457 problem document and returns its body. */
export function expectProblem(res: request.Response, status: number, typeSlug?: string): Record<string, any> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as Record<string, any>;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(body.type).toMatch(/^https:\/\/problems\.orders\.dev\/[a-z0-9-]+$/);
  if (typeSlug) expect(body.type).toBe(`https://problems.orders.dev/${typeSlug}`);
  expect(typeof body.title).toBe('string');
  expect(body.title.length).toBeGreaterThan(0);
  expect(typeof body.detail).toBe('string');
  expect(body.detail.trim().length).toBeGreaterThan(0);
  expect(typeof body.instance).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  return body;
}

/** The fields named in a validation problem's `errors`. */
export const fieldsOf = (problem: Record<string, any>): string[] => (problem.errors as { field: string }[]).map((e) => e.field);
