// After each fault: waits until the stack has drained, then holds the database and the tapped
// events to what the clients were told. Every figure is over the whole run so far.
import { isDeadLetterQueue, isPendingQueue, queueDepths } from './broker.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const STATUS_CODE = { PLACED: 1, ACCEPTED: 2, PREPARING: 3, READY: 4, PICKED_UP: 5, REJECTED: 6, CANCELLED: 7 };

/**
 * A table of the orders service's working schema and its archive read as one: the run archives
 * ended orders under load, and an order counts wherever it is.
 */
export const both = (table) => `(SELECT * FROM orders.${table} UNION ALL SELECT * FROM orders_archive.${table})`;

/**
 * Drained: every committed event published, seen by the tap and stored by analytics, and no
 * message waiting or in flight in a work or retry queue. Returns seconds taken, or null.
 */
export async function waitDrained(db, tap, vhost, timeoutMs) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if (await eventsSettled(db, tap)) {
        const depths = await queueDepths(vhost);
        const pending = [...depths].filter(([q, d]) => isPendingQueue(q) && d.ready + d.unacked > 0);
        if (pending.length === 0 && (await eventsSettled(db, tap))) return (Date.now() - started) / 1000;
      }
    } catch {
      // The database or broker may still be recovering from the fault: ask again.
    }
    await sleep(500);
  }
  return null;
}

async function eventsSettled(db, tap) {
  const { rows } = await db.query(`
    SELECT o.event_id::text AS id, o.published_at IS NOT NULL AS published,
           EXISTS (SELECT 1 FROM analytics.order_events e WHERE e.event_id = o.event_id::text) AS stored
    FROM orders.outbox o`);
  return rows.every((r) => r.published && r.stored && tap.events.has(r.id));
}

/** Messages in dead-letter queues, and messages still waiting anywhere, by queue. */
export async function deadLetters(vhost) {
  const depths = await queueDepths(vhost);
  return [...depths].filter(([q, d]) => isDeadLetterQueue(q) && d.ready > 0).map(([q, d]) => `${q}: ${d.ready}`);
}

export async function checkOrders(db, load, tap) {
  const acknowledged = [...load.acknowledged.keys()];
  const { rows: stored } = await db.query(`SELECT id::text AS id FROM ${both('orders')} o WHERE id = ANY($1::uuid[])`, [
    acknowledged,
  ]);
  const storedIds = new Set(stored.map((r) => r.id));

  // One channel order, several ids: a retry created a second order.
  const byChannelOrder = new Map();
  for (const [id, o] of load.acknowledged) byChannelOrder.set(`${o.brandId}|${o.channelOrderId}`, id);
  const { rows: dupRows } = await db.query(
    `SELECT coalesce(sum(n - 1), 0)::int AS extra FROM (
       SELECT count(*) AS n FROM ${both('orders')} o GROUP BY brand_id, channel_order_id) t`,
  );
  const duplicates = load.acknowledged.size - byChannelOrder.size + dupRows[0].extra;

  const { rows: history } = await db.query(
    `SELECT order_id::text AS id, to_status AS status, sequence FROM ${both('status_history')} h WHERE plu IS NULL`,
  );
  const historyKeys = new Set(history.map((h) => `${h.id}|${h.status}`));
  const lostChanges = load.changes.filter((c) => !historyKeys.has(`${c.orderId}|${STATUS_CODE[c.to]}`)).length;

  const { rows: outbox } = await db.query(
    'SELECT event_id::text AS id, order_id::text AS "orderId", sequence FROM orders.outbox',
  );
  const outboxKeys = new Set(outbox.map((e) => `${e.orderId}|${e.sequence}`));
  let duplicated = 0;
  const delivered = new Map();
  for (const e of tap.events.values()) {
    duplicated += e.deliveries - 1;
    if (!delivered.has(e.orderId)) delivered.set(e.orderId, new Set());
    delivered.get(e.orderId).add(e.sequence);
  }
  // An archived order's outbox rows are purged once published: the tap holds its events instead.
  const { rows: archivedRows } = await db.query('SELECT id::text AS id FROM orders_archive.orders');
  const archived = new Set(archivedRows.map((r) => r.id));
  const hasEvent = (h) =>
    outboxKeys.has(`${h.id}|${h.sequence}`) || (archived.has(h.id) && delivered.get(h.id)?.has(h.sequence) === true);
  // A committed change with no event row, or an event row the tap never saw.
  const missing =
    history.filter((h) => h.sequence !== null && !hasEvent(h)).length + outbox.filter((e) => !tap.events.has(e.id)).length;

  const { rows: orders } = await db.query(`SELECT id::text AS id, last_sequence AS last FROM ${both('orders')} o`);
  let gaps = 0;
  for (const o of orders) {
    const seen = delivered.get(o.id) ?? new Set();
    for (let n = 1; n <= o.last; n++) if (!seen.has(n)) gaps++;
  }

  return {
    acknowledged: acknowledged.length,
    stored: storedIds.size,
    lost: acknowledged.length - storedIds.size,
    lostChanges,
    duplicates,
    missing,
    duplicated,
    gaps,
  };
}

/**
 * The money of every order (CONTRACT section 8), from the orders' own tables: violations of each
 * invariant, counted per payment or per order. `paid - refunded` may exceed the total only by what
 * the payments exceeded it at placement (the total `order.created` carried).
 */
export async function checkMoney(db) {
  // Aggregated per order and joined, never a subquery per order: the check's cost grows with the
  // orders, not with their square, over a suite that writes thousands.
  const { rows } = await db.query(`
    WITH refunded AS (
      SELECT order_id, payment_reference, sum(amount) AS back FROM ${both('refunds')} r
       WHERE status <> 'FAILED' GROUP BY order_id, payment_reference),
    back AS (
      SELECT p.order_id, p.amount, coalesce(r.back, 0) AS back
        FROM ${both('payments')} p
        LEFT JOIN refunded r ON r.order_id = p.order_id AND r.payment_reference = p.reference),
    paid AS (SELECT order_id, sum(amount) AS paid, sum(back) AS refunded FROM back GROUP BY order_id),
    lines AS (
      SELECT order_id, sum(quantity * unit_price) AS live FROM ${both('order_items')} i WHERE NOT removed GROUP BY order_id),
    placed AS (
      SELECT order_id, (payload -> 'data' ->> 'totalAmount')::numeric AS placed_total FROM orders.outbox WHERE sequence = 1),
    money AS (
      SELECT o.id, o.status, o.total_amount, coalesce(l.live, 0) AS live,
             coalesce(p.paid, 0) AS paid, coalesce(p.refunded, 0) AS refunded, x.placed_total
        FROM ${both('orders')} o
        LEFT JOIN lines l ON l.order_id = o.id
        LEFT JOIN paid p ON p.order_id = o.id
        LEFT JOIN placed x ON x.order_id = o.id)
    SELECT
      (SELECT count(*) FROM back WHERE back > amount)::int AS "overRefundedPayments",
      (SELECT count(*) FROM back b JOIN ${both('orders')} o ON o.id = b.order_id WHERE o.status IN (6, 7) AND b.back <> b.amount)::int
        AS "terminalNotRefunded",
      (SELECT count(*) FROM money WHERE refunded > paid)::int AS "refundedBeyondPaid",
      (SELECT count(*) FROM money WHERE total_amount <> live)::int AS "totalNotLines",
      (SELECT count(*) FROM money WHERE status NOT IN (5, 6, 7) AND placed_total IS NOT NULL
          AND paid - refunded - total_amount > greatest(paid - placed_total, 0))::int AS "keptBeyondTotal"`);
  const counts = rows[0];
  const violations = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const details = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `money: ${name} ${n}`);
  return { violations, details };
}

/**
 * Write attempts answered 503 (or another 5xx) whose change was applied after all: the contract
 * says a 503 means nothing was queued. Each attempt carried its own Idempotency-Key, and the orders
 * service stores a key in the transaction of the change it made (`change_keys` for changes to an
 * order, `idempotency_keys` for creates), so a stored key is an applied attempt.
 */
export async function checkFailedWrites(db, load) {
  const failed = load.failedWrites.map((w) => w.key);
  const { rows } = await db.query(
    `SELECT key FROM (
       SELECT split_part(scope, E'\\n', 4) AS key FROM orders.change_keys
       UNION ALL SELECT key FROM orders.idempotency_keys) k
      WHERE key = ANY($1::text[])`,
    [[...failed, ...load.answeredKeys]],
  );
  const stored = new Set(rows.map((r) => r.key));
  const applied = new Set(failed.filter((k) => stored.has(k)));
  const details = load.failedWrites
    .filter((w) => applied.has(w.key))
    .slice(0, 5)
    .map((w) => `APPLIED AFTER ${w.status}: ${w.method} ${w.path}`);
  // A guard on the check itself: keys of writes answered 2xx must be found where it looks, or its 0 proves nothing.
  const found = load.answeredKeys.filter((k) => stored.has(k)).length;
  const broken = found < load.answeredKeys.length;
  if (broken) details.push(`CHECK BROKEN: only ${found} of ${load.answeredKeys.length} keys of answered writes found stored`);
  return { applied: applied.size, broken, details };
}
