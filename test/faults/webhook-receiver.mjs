// An ordering channel's webhook endpoint on the loopback, subscribed to every event: it verifies each
// delivery's signature with the Standard Webhooks reference library, notes what arrived in what
// order, and can be told to fail (500s and hangs past the timeout) or to go away (killed: its port
// refuses connections) for a while. After drain every tapped event must have arrived, and no event
// of an order (or brand) before the one it follows.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class WebhookReceiver {
  /** event id -> receipts */
  received = new Map();
  /** subject -> the highest sequence delivered in order so far */
  #inOrder = new Map();
  outOfOrder = [];
  badSignatures = 0;
  answered = { ok: 0, failed: 0, hung: 0 };
  #mode = 'ok';
  #server;
  #port;
  #verifier;

  async start() {
    this.#server = createServer((req, res) => this.#handle(req, res));
    await new Promise((resolve) => this.#server.listen(this.#port ?? 0, '127.0.0.1', resolve));
    this.#port = this.#server.address().port;
  }

  get url() {
    return `http://127.0.0.1:${this.#port}/webhooks/orders`;
  }

  /** The subscription's signing secret, from its creation answer. */
  verifyWith(secret) {
    this.#verifier = new Webhook(secret);
  }

  #handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const mode = this.#mode === 'failing' ? (Math.random() < 0.4 ? 'fail' : Math.random() < 0.15 ? 'hang' : 'ok') : 'ok';
      if (mode === 'hang') return void this.answered.hung++; // never answered: the dispatcher's timeout
      if (mode === 'fail') {
        this.answered.failed++;
        return void res.writeHead(500).end();
      }
      const body = Buffer.concat(chunks).toString('utf8');
      let event;
      try {
        event = this.#verifier.verify(body, req.headers);
      } catch {
        this.badSignatures++;
        return void res.writeHead(400).end();
      }
      this.#note(event);
      this.answered.ok++;
      res.writeHead(204).end();
    });
  }

  #note(event) {
    const seen = this.received.get(event.id);
    if (seen) return void seen.push(Date.now());
    this.received.set(event.id, [Date.now()]);
    const last = this.#inOrder.get(event.subject) ?? 0;
    // The first receipt of sequence n must come after n - 1 of the same subject was received.
    if (event.sequence > last + 1 && this.outOfOrder.length < 1000)
      this.outOfOrder.push(`${event.subject}: ${event.sequence} after ${last}`);
    this.#inOrder.set(event.subject, Math.max(last, event.sequence));
  }

  /** 500s and hangs for `ms`, then answers again. */
  async failFor(ms) {
    this.#mode = 'failing';
    await sleep(ms);
    this.#mode = 'ok';
  }

  /** The endpoint gone for `ms` (connections refused, those open cut), then back on the same port. */
  async killFor(ms) {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
    await sleep(ms);
    await this.start();
  }

  /** Tapped events not (yet) received, of those committed after the subscription was made. */
  missing(tap, since) {
    return [...tap.events.entries()]
      .filter(([id, e]) => Date.parse(e.event.time) >= since && !this.received.has(id))
      .map(([id]) => id);
  }

  async stop() {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve) ?? resolve());
  }
}

/** The endpoint failing (500s and hangs) for `seconds` while the load runs, then gone (killed) as long. */
export function webhookEndpointFailsThenDies(seconds, receiver) {
  return {
    name: `webhook endpoint fails, dies ${seconds}+${seconds} s`,
    inject: async () => {
      await receiver.failFor(seconds * 1000);
      await receiver.killFor(seconds * 1000);
    },
  };
}
