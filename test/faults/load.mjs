// Clients creating orders over HTTP and moving some of them along the state machine, as an
// ordering channel and a kitchen would; on some orders, while they move, staff edit them (details,
// a quantity, a removal) and support grants a goodwill refund, so edits race status changes. Every order answered 201/202 (or 200 on a retry of one)
// and every status change answered 200 is recorded: the checker holds the stack to these.
// A request that fails (503, 5xx, connection refused, timeout) is retried with the same body,
// which the contract makes safe. Every attempt of a write carries an Idempotency-Key of its own, so
// the checker can tell afterwards whether an attempt answered 503 (or another 5xx) changed anything:
// the contract says a 503 never did.
import { randomUUID } from 'node:crypto';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const BRANDS = ['brand-north', 'brand-south', 'brand-east'];

/** Paths through the state machine, chosen in turn; some orders stay PLACED. */
const PATHS = [
  ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'],
  ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'],
  ['ACCEPTED', 'PREPARING', 'READY'],
  ['ACCEPTED', 'CANCELLED'],
  ['CANCELLED'],
  ['REJECTED'],
  ['ACCEPTED', 'PREPARING'],
  [],
];

/** How long one request is retried before the client gives up on it (and says so). */
const GIVE_UP_MS = 90_000;

/** The `q` quantile of `values` (nearest rank), null when there are none. */
export function quantile(values, q) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export class LoadDriver {
  /** order id -> { channelOrderId, brandId, status: 201 | 202 | 200 } */
  acknowledged = new Map();
  /** Requests that got no answer, by cause (ECONNREFUSED, TimeoutError, ...). */
  failures = new Map();
  /** `{ orderId, to }` of every status change answered 200. */
  changes = [];
  /** Edits and goodwill refunds answered 200/201 (each may also be refused by the order's state). */
  edits = 0;
  stats = { requests: 0, unavailable: 0, serverErrors: 0, networkErrors: 0, rejected: 0, queued: 0, abandoned: 0, cutShort: 0 };
  /** Milliseconds of every answered attempt, in the order they came: a phase reads its own slice. */
  latencies = [];
  /** When (performance.now()) each attempt was answered with a status the client wanted. */
  answeredAt = [];
  /** `{ key, method, path, status }` of every write attempt answered 503 or another 5xx. */
  failedWrites = [];
  /** Keys of the first write attempts answered 2xx: the checker finds them stored, or its own query is wrong. */
  answeredKeys = [];
  #url;
  #keys;
  #tag;
  #next = 0;
  #running = [];
  #stop = false;

  constructor(gatewayUrl, keys, tag) {
    this.#url = gatewayUrl;
    this.#keys = keys;
    this.#tag = tag;
  }

  start(clients) {
    this.#stop = false;
    this.#running = Array.from({ length: clients }, () => this.#client());
  }

  /**
   * Lets every client finish the request it is waiting on; retries and the rest of an order's
   * path are left (counted as cut short): what was not answered was not promised.
   */
  async stop() {
    this.#stop = true;
    await Promise.all(this.#running);
    this.#running = [];
  }

  async #client() {
    while (!this.#stop) {
      const n = this.#next++;
      const id = await this.#create(n);
      if (!id) continue;
      const path = (async () => {
        for (const to of PATHS[n % PATHS.length]) {
          if (!(await this.#change(id, to))) break;
        }
      })();
      await Promise.all([path, n % 3 === 0 || n % 4 === 1 ? this.#edit(id, n) : null]);
    }
  }

  /**
   * Edits racing the order's own status changes: each may be refused (409) once the order or item
   * moved on, or 404 while a 202 order is still on its way; only the answers that changed it count.
   */
  async #edit(id, n) {
    const steps = [
      ['PATCH', `/v1/orders/${id}`, 'staff', { customer: { name: `Edited ${n}` }, deliveryAddress: null }, 200],
      ['PATCH', `/v1/orders/${id}/items/P-1`, 'staff', { quantity: 3 }, 200],
      ...(n % 2 ? [['PATCH', `/v1/orders/${id}/items/P-2`, 'staff', { quantity: 0 }, 200]] : []),
      ...(n % 4 === 1 ? [['POST', `/v1/orders/${id}/refunds`, 'admin', { amount: 0.5, reason: 'goodwill' }, 201]] : []),
    ];
    for (const [method, path, role, body, done] of steps) {
      if (this.#stop) return;
      const res = await this.#request(method, path, role, body, [done, 404, 409]);
      if (res?.status === done) this.edits++;
    }
  }

  #order(n) {
    const customer =
      n % 5 === 0
        ? { name: 'Phone Only', phoneNumber: `+358 40 ${100000 + (n % 61)}` }
        : { id: `c-${n % 157}`, name: 'Fault Test' };
    const items = [{ plu: 'P-1', name: 'Burger', quantity: 1 + (n % 3), unitPrice: [12.5, 9.99, 0.1][n % 3] }];
    if (n % 2) items.push({ plu: 'P-2', name: 'Fries', quantity: 2, unitPrice: 3.35 });
    if (n % 7 === 3) items.push({ plu: 'P-3', name: 'Water', quantity: 1 });
    return {
      channelOrderId: `${this.#tag}-${n}`,
      brandId: BRANDS[n % BRANDS.length],
      customer,
      items,
      ...(n % 4 === 1 ? { payments: this.#payments(n, items) } : {}),
    };
  }

  /** Payments covering the order's total exactly, in two when it is over 10: a lower total refunds the difference. */
  #payments(n, items) {
    const cents = items.reduce((sum, i) => sum + i.quantity * Math.round((i.unitPrice ?? 0) * 100), 0);
    const reference = (k) => `pay-${this.#tag}-${n}-${k}`;
    if (cents <= 1000) return [{ reference: reference(1), amount: cents / 100 }];
    return [
      { reference: reference(1), amount: 10 },
      { reference: reference(2), amount: (cents - 1000) / 100 },
    ];
  }

  async #create(n) {
    const order = this.#order(n);
    const res = await this.#request('POST', '/v1/orders', 'channel', order, [200, 201, 202]);
    if (!res) return null;
    this.acknowledged.set(res.body.id, { channelOrderId: order.channelOrderId, brandId: order.brandId, status: res.status });
    return res.body.id;
  }

  /** True once the order is in `to`; a change is recorded only when answered 200. */
  async #change(id, to) {
    const until = Date.now() + GIVE_UP_MS;
    while (Date.now() < until && !this.#stop) {
      const res = await this.#request('PATCH', `/v1/orders/${id}/status`, 'staff', { status: to }, [200, 404, 409]);
      if (!res) return false;
      if (res.status === 200) {
        this.changes.push({ orderId: id, to });
        return true;
      }
      // 404: a 202 order still on its way; 409: maybe an earlier attempt that timed out did apply.
      const current = await this.#request('GET', `/v1/orders/${id}`, 'staff', undefined, [200, 404]);
      if (current?.status === 200 && current.body.status === to) return true;
      if (res.status === 409 && current?.status === 200) return false;
      await sleep(200);
    }
    if (this.#stop) this.stats.cutShort++;
    else this.stats.abandoned++;
    return false;
  }

  /** The response once its status is one of `accept`; null if refused otherwise or given up. */
  async #request(method, path, role, body, accept) {
    const until = Date.now() + GIVE_UP_MS;
    // Kept after no answer at all (the first attempt may be queued: the same key answers its outcome);
    // a new one after a 503, which says nothing was queued.
    let key;
    // The first answer a caller gets (a 202 included) counts once towards the answered rate.
    let answered = false;
    const answer = () => {
      if (!answered) this.answeredAt.push(performance.now());
      answered = true;
    };
    while (Date.now() < until) {
      this.stats.requests++;
      const started = performance.now();
      key ??= method === 'GET' ? undefined : randomUUID();
      try {
        const res = await fetch(`${this.#url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.#keys[role]}`,
            'content-type': 'application/json',
            ...(key ? { 'idempotency-key': key } : {}),
          },
          body: body && JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        this.latencies.push(performance.now() - started);
        if (accept.includes(res.status)) {
          answer();
          const applied = res.status === 201 || (res.status === 200 && method === 'PATCH');
          if (key && applied && this.answeredKeys.length < 200) this.answeredKeys.push(key);
          return { status: res.status, body: text ? JSON.parse(text) : null };
        }
        if (res.status === 202) {
          // Queued, its outcome not back in time: an answer, but not one to build the order's next step on.
          answer();
          this.stats.queued++;
          return null;
        } else if (res.status >= 500) {
          if (key) this.failedWrites.push({ key, method, path, status: res.status });
          key = undefined;
          if (res.status === 503) this.stats.unavailable++;
          else this.stats.serverErrors++;
        } else {
          this.stats.rejected++;
          process.stderr.write(`load: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}\n`);
          return null;
        }
      } catch (error) {
        this.stats.networkErrors++;
        const cause = error.cause?.code ?? error.name;
        this.failures.set(cause, (this.failures.get(cause) ?? 0) + 1);
      }
      if (this.#stop) {
        this.stats.cutShort++;
        return null;
      }
      await sleep(250);
    }
    this.stats.abandoned++;
    return null;
  }
}
