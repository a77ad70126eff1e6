import type { LoadResult } from './load.js';
import { LIFECYCLE } from './orders.js';
import type { Stack } from './stack.js';
import { percentiles, sleep } from './stats.js';

const MAX_IN_FLIGHT = 512;

/**
 * Open loop: starts `perSecond` order lifecycles a second, evenly spaced, whatever the answers
 * take, as independent customers would; the rate a freshness figure is read at. Lifecycles that
 * would exceed 512 at once are not started and show as `shed`.
 */
export async function pacedLifecycles(
  stack: Stack,
  nextBody: () => string,
  perSecond: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  let completed = 0;
  let requests = 0;
  let inFlight = 0;

  const call = async (method: string, path: string, key: string, body: string) => {
    const t = performance.now();
    try {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      requests++;
      count(String(res.status));
      if (res.ok) latencies.push(performance.now() - t);
      return { status: res.status, text };
    } catch {
      count('errors');
      return { status: 0, text: '' };
    }
  };
  const lifecycle = async () => {
    inFlight++;
    try {
      const created = await call('POST', '/v1/orders', stack.keys.create, nextBody());
      if (created.status !== 201) return;
      const { id } = JSON.parse(created.text) as { id: string };
      for (const status of LIFECYCLE) {
        const res = await call('PATCH', `/v1/orders/${id}/status`, stack.keys.staff, JSON.stringify({ status }));
        if (res.status !== 200) return;
      }
      completed++;
    } finally {
      inFlight--;
    }
  };

  const started = performance.now();
  const running: Promise<void>[] = [];
  let launched = 0;
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; launched < due; launched++) {
      if (inFlight >= MAX_IN_FLIGHT) count('shed');
      else running.push(lifecycle());
    }
    await sleep(5);
  }
  await Promise.all(running);
  const [p50, p95, p99] = percentiles(latencies, [0.5, 0.95, 0.99]);
  return { seconds: (performance.now() - started) / 1000, orders: completed, requests, latency: { p50, p95, p99 }, outcomes };
}
