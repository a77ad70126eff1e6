/**
 * The fairness phase's flooding key, in a thread of its own: generating and sending its requests on
 * the measuring thread would hold up the quiet key's answers there and charge the benchmark's own
 * event loop to the gateway.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { orderBodies } from './orders.js';

export interface FloodOrder {
  baseUrl: string;
  key: string;
  /** Seeds the bodies apart from the measuring thread's, so no two share a channel order id. */
  run: string;
  perSecond: number;
  seconds: number;
}

export interface FloodCounts {
  total: number;
  accepted: number;
  refused: number;
}

const order = workerData as FloodOrder;
const nextBody = orderBodies(`${order.run}-flood`);
const counts: FloodCounts = { total: 0, accepted: 0, refused: 0 };
const instance = autocannon(
  {
    url: order.baseUrl,
    connections: 32,
    overallRate: order.perSecond,
    duration: order.seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/orders',
        headers: { authorization: `Bearer ${order.key}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: nextBody() }),
      },
    ],
  },
  (error) => parentPort!.postMessage(error ? { error: error.message } : { counts }),
);
instance.on('response', (_client: unknown, status: number) => {
  counts.total++;
  if (status === 429) counts.refused++;
  else if (status >= 200 && status < 300) counts.accepted++;
});
