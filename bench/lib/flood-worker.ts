/**
 * The fairness phase's flooding key, in a thread of its own: generating and sending its requests on
 * the measuring thread would hold up the quiet key's answers there and charge the benchmark's own
 * event loop to the gateway. It says `ready` once its bodies are made and floods on the next message.
 *
 * It sends evenly paced, as the quiet key is: one request every 1/rate s of its window's rate, over
 * kept-alive connections (up to 256: a flood does not wait for its answers). autocannon's `overallRate` is a quota per connection and second instead:
 * each connection sends its share back to back as each second starts and then waits, so "500 a
 * second" arrived as 70 % of the second's requests within its first 100 ms (a burst of some 3,500 a
 * second) and nothing for the rest of it; the quiet key's p99 measured that burst, not the rate.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { orderBodies } from './orders.js';

export interface FloodOrder {
  baseUrl: string;
  key: string;
  /** Seeds the bodies apart from the measuring thread's, so no two share a channel order id. */
  run: string;
  /** Requests a second in each window, one window after the other. */
  schedule: number[];
  windowSeconds: number;
}

export interface FloodCounts {
  total: number;
  accepted: number;
  refused: number;
  /** Requests that got no answer (a connection error). */
  failed: number;
}

const CONNECTIONS = 256;

const order = workerData as FloodOrder;
// Every body is made before the flood starts: making them as it runs would spend the machine's cores
// on the benchmark's side of the measurement, where a real flood comes from elsewhere.
const nextBody = orderBodies(`${order.run}-flood`);
const total = order.schedule.reduce((sum, rate) => sum + rate * order.windowSeconds, 0);
const bodies = Array.from({ length: total }, () => Buffer.from(nextBody()));
/** By the pace of the window a request was sent in. */
const counts: Record<number, FloodCounts> = {};
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const url = new URL('/v1/orders', order.baseUrl);

function send(body: Buffer, rate: number): Promise<void> {
  const count = (counts[rate] ??= { total: 0, accepted: 0, refused: 0, failed: 0 });
  return new Promise((done) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${order.key}`,
          'content-type': 'application/json',
          'content-length': String(body.length),
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          count.total++;
          if (res.statusCode === 429) count.refused++;
          else if (res.statusCode! >= 200 && res.statusCode! < 300) count.accepted++;
          done();
        });
      },
    );
    req.once('error', () => {
      count.failed++;
      done();
    });
    req.end(body);
  });
}

/** Sends each window's requests at their due times; a late timer sends every request already due at once. */
async function flood(): Promise<void> {
  const sent: Promise<void>[] = [];
  const started = performance.now();
  let b = 0;
  for (const [w, rate] of order.schedule.entries()) {
    const windowStart = started + w * order.windowSeconds * 1000;
    const due = (n: number) => windowStart + (n * 1000) / rate;
    let n = 0;
    while (n < rate * order.windowSeconds) {
      const wait = due(n) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (; n < rate * order.windowSeconds && due(n) <= performance.now(); n++) sent.push(send(bodies[b++]!, rate));
    }
  }
  await Promise.all(sent);
  agent.destroy();
}

parentPort!.once('message', () => {
  flood().then(
    () => parentPort!.postMessage({ counts }),
    (error: Error) => parentPort!.postMessage({ error: error.message }),
  );
});
parentPort!.postMessage({ ready: true });
