/**
 * The fairness phase's flooding key, in a thread of its own: generating and sending its requests on
 * the measuring thread would hold up the quiet key's answers there and charge the benchmark's own
 * event loop to the gateway. It says `ready` once its bodies are made and floods on the next message.
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
// Every body is made before the flood starts: making them as it runs would spend the machine's cores
// on the benchmark's side of the measurement, where a real flood comes from elsewhere.
const nextBody = orderBodies(`${order.run}-flood`);
const bodies = Array.from({ length: Math.ceil(order.perSecond * order.seconds * 1.1) + 64 }, nextBody);
let sent = 0;
const counts: FloodCounts = { total: 0, accepted: 0, refused: 0 };
parentPort!.once('message', () => {
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
          setupRequest: (req) => ({ ...req, body: bodies[sent++ % bodies.length] }),
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
});
parentPort!.postMessage({ ready: true });
