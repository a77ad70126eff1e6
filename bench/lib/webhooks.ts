import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lifecycleLoad } from './load.js';
import { type Bench, measurePhase, type PhaseResult } from './phases.js';
import { percentiles, sleep } from './stats.js';

export interface WebhooksResult {
  /** The full lifecycle load with one subscription to every event, metered like the phase without it. */
  phase: PhaseResult;
  /** Events received by the endpoint, and at what rate from the first receipt to the last. */
  delivered: number;
  deliveredPerSecond: number | null;
  /** From the change (the event's `time`) to its receipt at the endpoint, in ms. */
  latency: { p50: number | null; p99: number | null };
  /** Receipts of an event already received (at least once: a retry or a redelivery). */
  repeats: number;
  unavailable?: string;
}

/** An endpoint on the loopback that answers 204 at once and notes when each event arrived. */
async function receiver(): Promise<{ server: Server; url: string; receipts: { id: string; latencyMs: number; at: number }[] }> {
  const receipts: { id: string; latencyMs: number; at: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { time: string };
      receipts.push({ id: String(req.headers['webhook-id']), latencyMs: at - Date.parse(event.time), at: performance.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, receipts };
}

/**
 * Restarts analytics with webhooks on (a sealing key; the stack allows loopback HTTP), subscribes an
 * endpoint on the loopback to every event and runs the full lifecycle load again: what a
 * subscription costs beside the same phase without one, how fast its events arrive and how long
 * after the change. Analytics is restarted without webhooks at the end.
 */
export async function measureWebhooks(bench: Bench, connections: number, seconds: number): Promise<WebhooksResult | undefined> {
  const { stack } = bench;
  if (!stack.analytics || !stack.keys.admin) return undefined;
  await stack.analytics.stop();
  await stack.analytics.start({ WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') });
  const endpoint = await receiver();
  const admin = { authorization: `Bearer ${stack.keys.admin}`, 'content-type': 'application/json' };
  try {
    const created = await fetch(`${stack.baseUrl}/v1/webhooks`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ url: endpoint.url, types: ['*'], description: 'bench' }),
    });
    if (created.status !== 201) throw new Error(`POST /v1/webhooks: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const phase = await measurePhase(bench, 'completed', () => lifecycleLoad(stack, bench.nextBody, connections, seconds));
    // Delivered when the endpoint has heard nothing new for 3 s and the subscription has nothing pending.
    const deadline = performance.now() + bench.settleMs;
    for (let seen = -1; performance.now() < deadline;) {
      await sleep(3000);
      const pending = await fetch(`${stack.baseUrl}/v1/webhooks/${id}/deliveries?status=PENDING&limit=1`, { headers: admin });
      const { items } = (await pending.json()) as { items: unknown[] };
      if (endpoint.receipts.length === seen && items.length === 0) break;
      seen = endpoint.receipts.length;
    }
    await fetch(`${stack.baseUrl}/v1/webhooks/${id}`, { method: 'DELETE', headers: admin });
    const { receipts } = endpoint;
    const span = receipts.length > 1 ? (receipts.at(-1)!.at - receipts[0].at) / 1000 : null;
    const [p50, p99] = percentiles(
      receipts.map((r) => r.latencyMs),
      [0.5, 0.99],
    );
    return {
      phase,
      delivered: receipts.length,
      deliveredPerSecond: span ? receipts.length / span : null,
      latency: { p50, p99 },
      repeats: receipts.length - new Set(receipts.map((r) => r.id)).size,
    };
  } finally {
    endpoint.server.close();
    await stack.analytics.stop();
    await stack.analytics.start();
  }
}
