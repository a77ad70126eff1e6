import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import pg from 'pg';
import type { Stack } from './stack.js';
import { sleep } from './stats.js';

export interface Summary {
  /** Orders in any status. */
  orders: number;
  completed: number;
}

export interface Freshness {
  p50: number | null;
  p99: number | null;
  events: number;
  /** Why there is no figure, when there is none. */
  unavailable?: string;
}

/**
 * What analytics shows, through the public API (summary counts) and, for timing, from what the
 * analytics service stores: each event in `analytics.order_events` keeps its `time` (when the
 * change happened in orders) and `received_at`, set by PostgreSQL's now() in the transaction
 * that stores the event and applies it to the summaries. received_at − time is how stale
 * analytics was for that event; it is the transaction's start, so the commit itself (a few ms)
 * is not included.
 */
export class AnalyticsProbe {
  private channel?: Promise<{ connection: ChannelModel; channel: Channel }>;

  private constructor(
    private readonly stack: Stack,
    private readonly db: pg.Client,
    private readonly ownPid: number,
  ) {}

  static async open(stack: Stack): Promise<AnalyticsProbe> {
    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    return new AnalyticsProbe(stack, db, pid);
  }

  /** This probe's own PostgreSQL backend, left out of the CPU figures. */
  get backendPid(): number {
    return this.ownPid;
  }

  async close(): Promise<void> {
    await this.db.end();
    const broker = await this.channel?.catch(() => undefined);
    await broker?.connection.close().catch(() => undefined);
  }

  /** Retried for a while: under load the gateway may answer 503 when analytics is slow to reply. */
  async summary(): Promise<Summary> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.stack.baseUrl}/v1/analytics/summary`, {
        headers: { authorization: `Bearer ${this.stack.keys.analyst}` },
      }).catch(() => undefined);
      if (res?.ok) {
        const body = (await res.json()) as { ordersByStatus: Record<string, number>; completedOrders: number };
        return { orders: Object.values(body.ordersByStatus).reduce((a, b) => a + b, 0), completed: body.completedOrders };
      }
      const problem = res ? `${res.status} ${await res.text()}` : 'no answer';
      if (attempt === 30) throw new Error(`GET /v1/analytics/summary: ${problem}`);
      await sleep(500);
    }
  }

  /**
   * Polls the summary until `done` holds or `timeoutMs` passes. Returns when it held (a
   * performance.now() time), or null, and the last summary seen.
   */
  async waitFor(done: (s: Summary) => boolean, timeoutMs: number): Promise<{ at: number | null; last: Summary }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const last = await this.summary().catch(() => undefined);
      if (last && done(last)) return { at: performance.now(), last };
      if (performance.now() > deadline) return { at: null, last: last ?? { orders: 0, completed: 0 } };
      await sleep(100);
    }
  }

  /** The summary once `field` has not moved for `quietMs` (or `timeoutMs` passed). */
  async steady(field: keyof Summary, quietMs: number, timeoutMs: number): Promise<Summary> {
    const deadline = performance.now() + timeoutMs;
    let last = await this.summary();
    let since = performance.now();
    while (performance.now() - since < quietMs && performance.now() < deadline) {
      await sleep(100);
      const now = await this.summary();
      if (now[field] !== last[field]) since = performance.now();
      last = now;
    }
    return last;
  }

  /** Event time → stored and applied in analytics, over events that happened in [from, to) (epoch ms). */
  async freshness(from: number, to: number): Promise<Freshness> {
    const { rows: columns } = await this.db.query(
      `SELECT 1 FROM information_schema.columns
       WHERE table_schema = 'analytics' AND table_name = 'order_events' AND column_name = 'received_at'`,
    );
    if (columns.length === 0) {
      return { p50: null, p99: null, events: 0, unavailable: 'analytics.order_events has no received_at column' };
    }
    const { rows } = await this.db.query<{ p50: number | null; p99: number | null; n: string }>(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*) AS n
       FROM (SELECT extract(epoch FROM received_at - time) * 1000 AS ms FROM analytics.order_events
             WHERE time >= to_timestamp($1::float8 / 1000) AND time < to_timestamp($2::float8 / 1000)) e`,
      [from, to],
    );
    return { p50: toNumber(rows[0].p50), p99: toNumber(rows[0].p99), events: Number(rows[0].n) };
  }

  /** Events stored by analytics so far. */
  async storedEvents(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM analytics.order_events');
    return Number(rows[0].n);
  }

  /**
   * Transactions committed in the stack's database so far. Backends report them within a second of
   * committing (PostgreSQL's statistics flush), so read after the phase has settled.
   */
  async commits(): Promise<number> {
    await sleep(1100);
    const { rows } = await this.db.query<{ n: string }>(
      'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].n);
  }

  /** PostgreSQL backends serving the stack's database, other than this probe's. */
  async backends(): Promise<number[]> {
    const { rows } = await this.db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.map((r) => r.pid);
  }

  /** PostgreSQL's own processes (writer, checkpointer, WAL writer, autovacuum …), shared by every database. */
  async auxiliaryProcesses(): Promise<number[]> {
    const { rows } = await this.db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE backend_type <> 'client backend'`,
    );
    return rows.map((r) => r.pid);
  }

  /**
   * Messages waiting in a queue of the stack's vhost (ready, not those delivered and unacked), read on
   * a channel the probe keeps: the drain polls it every 50 ms, and a connection each would cost the broker.
   */
  async queueDepth(queue: string): Promise<number> {
    this.channel ??= amqplib.connect(this.stack.amqpUrl).then(async (connection) => {
      const channel = await connection.createChannel();
      // A closed channel is opened again, on a new connection, at the next read.
      channel.on('error', () => undefined);
      channel.on('close', () => {
        this.channel = undefined;
        void connection.close().catch(() => undefined);
      });
      return { connection, channel };
    });
    const { channel } = await this.channel;
    return (await channel.checkQueue(queue)).messageCount;
  }
}

const toNumber = (v: number | string | null) => (v === null ? null : Number(v));
