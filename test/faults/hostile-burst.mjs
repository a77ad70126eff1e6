// node hostile-burst.mjs <gateway url> <channel key> <count>: sends <count> requests at once, each
// a body holding an array of 100,000 empty objects, integers, nested objects or long strings, on
// the two routes that take an array, and prints how they were answered as JSON. It lowers its own
// priority first: an attacker's CPU is not the stack's, and on one machine the burst's own work of
// sending should not be what slows the legitimate load down.
import { randomUUID } from 'node:crypto';
import { setPriority } from 'node:os';

setPriority(19);

const [url, key, count] = process.argv.slice(2);
const ELEMENTS = 100_000;
const arrays = [() => ({}), () => 1, () => ({ a: { b: [{}] } }), () => 'x'.repeat(64)].map((element) =>
  Array.from({ length: ELEMENTS }, element),
);
const order = (items) => ({ channelOrderId: `HOSTILE-${randomUUID()}`, brandId: 'brand-north', customer: { name: 'a' }, items });
// Each array goes to both routes that take one.
const requests = arrays.flatMap((items) => [
  { path: '/v1/orders', body: Buffer.from(JSON.stringify(order(items))) },
  { path: `/v1/orders/${randomUUID()}/items`, body: Buffer.from(JSON.stringify({ items })) },
]);

/** The order routes' body limit: a larger body is refused on its declared length and its connection closed. */
const LIMIT = 512 * 1024;
/** How a send ends when the gateway has answered 413 and closed the connection before the body was all sent. */
const CUT_OFF = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

const answers = {};
let slowestMs = 0;
await Promise.all(
  Array.from({ length: Number(count) }, async (_, i) => {
    const { path, body } = requests[i % requests.length];
    const started = performance.now();
    const outcome = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(30_000),
    }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      (error) => error.cause?.code ?? error.name,
    );
    const status = CUT_OFF.has(outcome) && body.length > LIMIT ? '413 (closed while sending)' : outcome;
    slowestMs = Math.max(slowestMs, Math.round(performance.now() - started));
    answers[status] = (answers[status] ?? 0) + 1;
  }),
);
console.log(JSON.stringify({ answers, slowestMs }));
