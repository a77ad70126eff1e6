import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { OtlpReceiver, type ReceivedSpan } from '#test-support/otlp-receiver.js';
import { startServices } from '#test-support/processes.mjs';
import { SseClient } from '#test-support/sse-client.js';
import { loopbackWebhooks } from '#test-support/loopback-webhooks.js';

const KEYS = { channel: 'trace-spec-channel', staff: 'trace-spec-staff', admin: 'trace-spec-admin' };
const ROOT = new URL('../../', import.meta.url).pathname;
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * The services as they run in production: built, one process each, each exporting under its own name.
 * A dist/ that is the build of the current sources (`npm run build` just ran, as in CI) is used as it is.
 */
function buildServices(): void {
  const current = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--check'], { cwd: ROOT });
  if (current.status === 0) return;
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`the build failed:\n${tsc.stdout}${tsc.stderr}`);
}

describe('traces across the services (OpenTelemetry, OTLP/HTTP on loopback)', () => {
  let receiver: OtlpReceiver;
  let services: { gatewayUrl: string; stop(): Promise<void> };
  let stream: SseClient | undefined;
  const auth = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}` });

  beforeAll(async () => {
    buildServices();
    receiver = await OtlpReceiver.open();
    services = await startServices({
      keys: KEYS,
      logDir: mkdtempSync(join(tmpdir(), 'oms-tracing-')),
      services: ['orders', 'analytics', 'api-gateway'],
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        ...loopbackWebhooks(),
      },
    });
  }, 240_000);

  afterAll(async () => {
    stream?.close();
    await services?.stop();
    await receiver?.close();
  });

  const newTrace = () => ({ traceId: randomBytes(16).toString('hex'), callerSpanId: randomBytes(8).toString('hex') });
  const named = (spans: ReceivedSpan[], service: string, name: string) =>
    spans.find((s) => s.service === service && s.name === name);
  /** A one-line order of the traced brand, with the caller's `traceparent` when given. */
  const place = (suffix: string, traceparent?: string) => {
    const post = request(services.gatewayUrl).post('/v1/orders').set(auth('channel'));
    return (traceparent ? post.set('traceparent', traceparent) : post).send({
      channelOrderId: `TRACE-${Date.now()}${suffix}`,
      brandId: 'brand-traced',
      customer: { name: 'Ada' },
      items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 9 }],
    });
  };
  /** The spans of `traceId` once each of `wanted` (service, name) has arrived. */
  const hops = (traceId: string, wanted: [string, string][]) =>
    receiver.waitFor(
      () => {
        const spans = receiver.ofTrace(traceId);
        return wanted.every(([service, name]) => named(spans, service, name)) && spans;
      },
      `the spans ${wanted.map(([s, n]) => `${s}: ${n}`).join(', ')} in trace ${traceId}`,
    );

  it('follows one create from the HTTP request through orders, the outbox and the event to the analytics summaries and the stream', async () => {
    stream = await SseClient.open(`${services.gatewayUrl}/v1/stream`, auth('staff'));
    await stream.waitFor(() => stream!.frames.length > 0, 'the opening frame');
    const { traceId, callerSpanId } = newTrace();

    const created = await place('', `00-${traceId}-${callerSpanId}-01`);
    expect(created.status).toBe(201);

    const spans = await hops(traceId, [
      ['api-gateway', 'POST /v1/orders'],
      ['api-gateway', 'send orders.create'],
      ['orders', 'process orders.create'],
      ['orders', 'create orders transaction'],
      ['orders', 'send orders.events'],
      ['analytics', 'process analytics.events'],
      ['api-gateway', 'process gateway stream'],
    ]);
    const span = (service: string, name: string) => named(spans, service, name)!;
    const request_ = span('api-gateway', 'POST /v1/orders');
    const sent = span('api-gateway', 'send orders.create');
    const processed = span('orders', 'process orders.create');
    const transaction = span('orders', 'create orders transaction');
    const published = span('orders', 'send orders.events');
    const projected = span('analytics', 'process analytics.events');
    const streamed = span('api-gateway', 'process gateway stream');

    // One tree from the caller's span down: each hop the child of the one before it.
    expect(request_).toMatchObject({ kind: SERVER, parentSpanId: callerSpanId, attributes: { 'http.route': '/v1/orders' } });
    expect(sent).toMatchObject({ kind: PRODUCER, parentSpanId: request_.spanId });
    expect(processed).toMatchObject({ kind: CONSUMER, parentSpanId: sent.spanId });
    expect(transaction.parentSpanId).toBe(processed.spanId);
    expect(published).toMatchObject({
      kind: PRODUCER,
      parentSpanId: processed.spanId,
      attributes: { 'cloudevents.event_type': 'order.created' },
    });
    expect(projected).toMatchObject({
      kind: CONSUMER,
      parentSpanId: published.spanId,
      attributes: { 'cloudevents.event_type': 'order.created' },
    });
    expect(streamed).toMatchObject({ kind: CONSUMER, parentSpanId: published.spanId });

    // The batches are traces of their own, linked to the traces of the commands and events they applied.
    const linksTo = (target: ReceivedSpan) => (s: ReceivedSpan) =>
      s.links.some((l) => l.traceId === traceId && l.spanId === target.spanId);
    const ordersBatch = await receiver.waitFor(
      () => receiver.spans.find(linksTo(processed)),
      'the orders batch linked to the command',
    );
    expect(ordersBatch).toMatchObject({ service: 'orders', name: 'create orders batch' });
    expect(transaction.links).toEqual([{ traceId: ordersBatch.traceId, spanId: ordersBatch.spanId }]);
    const analyticsBatch = await receiver.waitFor(
      () => receiver.spans.find(linksTo(published)),
      'the analytics batch linked to the event',
    );
    expect(analyticsBatch).toMatchObject({ service: 'analytics', name: 'analytics events batch' });

    // The event carries the trace it was published in (the CloudEvents distributed-tracing extension).
    const event = await stream.waitFor(
      () => stream!.events().find((e) => e.data.subject === created.body.id),
      'the order.created event on the stream',
    );
    expect(event.data.traceparent).toBe(`00-${traceId}-${published.spanId}-01`);
  });

  it('traces a status change the same way, from the request to the analytics summaries', async () => {
    const placed = await place('-2');
    expect(placed.status).toBe(201);
    const { traceId, callerSpanId } = newTrace();

    const accepted = await request(services.gatewayUrl)
      .patch(`/v1/orders/${placed.body.id}/status`)
      .set(auth('staff'))
      .set('traceparent', `00-${traceId}-${callerSpanId}-01`)
      .send({ status: 'ACCEPTED' });
    expect(accepted.status).toBe(200);

    await hops(traceId, [
      ['api-gateway', 'PATCH /v1/orders/:id/status'],
      ['orders', 'process orders.change-status'],
      ['orders', 'change orders transaction'],
      ['orders', 'send orders.events'],
      ['analytics', 'process analytics.events'],
    ]);
    // Analytics may take the change's two events in two batches, whose spans are exported apart.
    const processed = () =>
      receiver
        .ofTrace(traceId)
        .filter((s) => s.name === 'process analytics.events')
        .map((s) => s.attributes['cloudevents.event_type']);
    const types = await receiver.waitFor(
      () => processed().length >= 2 && processed(),
      `both events of the change processed by analytics in trace ${traceId}`,
    );
    expect(types).toEqual(expect.arrayContaining(['order.status_changed', 'order.promised_time_changed']));
  });

  it("carries the trace out to a webhook endpoint: each attempt a client span under the event's publication", async () => {
    const endpoint = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const port = (endpoint.address() as AddressInfo).port;
    try {
      const subscribed = await request(services.gatewayUrl)
        .post('/v1/webhooks')
        .set(auth('admin'))
        .send({ url: `http://127.0.0.1:${port}/hooks?token=receiver-secret`, types: ['order.created'] });
      expect(subscribed.status).toBe(201);
      const { traceId, callerSpanId } = newTrace();
      const created = await place('-3', `00-${traceId}-${callerSpanId}-01`);
      expect(created.status).toBe(201);

      const spans = await hops(traceId, [
        ['orders', 'send orders.events'],
        ['analytics', 'POST'],
      ]);
      const published = named(spans, 'orders', 'send orders.events')!;
      const attempt = named(spans, 'analytics', 'POST')!;
      expect(attempt).toMatchObject({
        kind: CLIENT,
        parentSpanId: published.spanId,
        attributes: {
          'http.request.method': 'POST',
          'server.address': '127.0.0.1',
          'webhook.subscription.id': subscribed.body.id,
        },
      });
      // OTLP's JSON writes 64-bit integers as strings.
      const {
        'server.port': onPort,
        'http.response.status_code': answered,
        'webhook.delivery.attempt': attempts,
      } = attempt.attributes;
      expect([onPort, answered, attempts].map(Number)).toEqual([port, 204, 1]);
      // The receiver's path and query (which may hold a token of its own) stay out of the trace.
      expect(JSON.stringify(attempt)).not.toContain('receiver-secret');
      await request(services.gatewayUrl).delete(`/v1/webhooks/${subscribed.body.id}`).set(auth('admin')).expect(204);
    } finally {
      endpoint.close();
    }
  });
});
