import { type CloudEvent, ORDERS_EVENTS_EXCHANGE } from '#contracts';
import { startProducerSpans } from '#observability';
import { inTransaction, type Tx } from '#persistence';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANGE_KEY_RETENTION_MS, deleteChangeKeysBefore } from '../persistence/change-key.repository.js';
import { deletePublished, lockUnpublished, markPublished, type UnpublishedRow } from '../persistence/outbox.repository.js';
import { BusinessMetrics } from './business-metrics.js';
import { EVENT_PUBLISHER, type EventPublisher } from './event-publisher.port.js';

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  /**
   * How long a kick waits before its run, so the commits of that moment share one: at a kitchen's
   * ordinary pace each command batch holds one or two commands, and a run of its own for each is
   * a transaction, a lock and a confirm round for one order's events.
   */
  gatherMs: number;
  /** A publish that neither confirms nor fails by then is treated as failed (and resent). */
  publishTimeoutMs: number;
  retentionMs: number;
  purgeEveryMs: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

const DEFAULTS: OutboxRelayOptions = {
  batchSize: 500,
  pollIntervalMs: 500,
  gatherMs: 10,
  publishTimeoutMs: 30_000,
  retentionMs: 24 * 3_600_000,
  purgeEveryMs: 10 * 60_000,
};
const MAX_BACKOFF_MS = 10_000;
const PURGE_CHUNK = 10_000;

/**
 * Publishes committed outbox rows in id order (per order, that is sequence order: changes to one
 * order serialise on its row). Rows are marked published only after the broker confirmed them,
 * in the transaction that locked them: a crash in between resends, never loses.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly options: OutboxRelayOptions;
  private started = false;
  private poller?: NodeJS.Timeout;
  private gathering?: NodeJS.Timeout;
  /** Runs are chained so one process never has two in flight. */
  private tail: Promise<void> = Promise.resolve();
  private queued = false;
  private backoffMs = 0;
  private retryAt = 0;
  private lastPurge = Date.now();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    private readonly metrics: BusinessMetrics,
    @Optional() @Inject(OUTBOX_RELAY_OPTIONS) options?: Partial<OutboxRelayOptions>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.poller = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.kick();
  }

  /** Lets the in-flight batch finish and sends what is already committed, then goes quiet. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.poller);
    clearTimeout(this.gathering);
    this.gathering = undefined;
    this.queued = false;
    await this.drain().catch((error: unknown) => this.logger.warn(`final drain failed, rows stay queued: ${describe(error)}`));
  }

  /**
   * Asks for a run in `gatherMs`, or at once if `now` (a change others must see before anything
   * else, such as a paused brand); called after each commit. Cheap when a run is already queued.
   */
  kick(now = false): void {
    if (!this.started || Date.now() < this.retryAt) return;
    if (this.queued) {
      if (now && this.gathering) this.runQueued();
      return;
    }
    this.queued = true;
    if (now) this.runQueued();
    else this.gathering = setTimeout(() => this.runQueued(), this.options.gatherMs);
  }

  private runQueued(): void {
    clearTimeout(this.gathering);
    this.gathering = undefined;
    this.tail = this.tail.then(async () => {
      this.queued = false;
      await this.runLogged();
    });
  }

  /** Publishes everything committed so far; rejects if publishing fails. */
  async drain(): Promise<number> {
    let published = 0;
    const run = this.tail.then(async () => {
      published = await this.publishAll();
    });
    this.tail = run.catch(() => undefined);
    await run;
    return published;
  }

  /** Deletes rows published longer ago than the retention; their events are long delivered. */
  async purge(olderThanMs = this.options.retentionMs): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs);
    return this.inChunks((tx) => deletePublished(tx, cutoff, PURGE_CHUNK));
  }

  /** Idempotency-Keys of changes past their 24 hours, on the same schedule as the outbox's purge. */
  async pruneChangeKeys(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - CHANGE_KEY_RETENTION_MS);
    return this.inChunks((tx) => deleteChangeKeysBefore(tx, cutoff, PURGE_CHUNK));
  }

  private async inChunks(chunk: (tx: Tx) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await inTransaction(this.dataSource, chunk);
      total += deleted;
      if (deleted < PURGE_CHUNK) return total;
    }
  }

  private async runLogged(): Promise<void> {
    try {
      await this.publishAll();
      this.backoffMs = 0;
      this.retryAt = 0;
      if (Date.now() - this.lastPurge >= this.options.purgeEveryMs) {
        this.lastPurge = Date.now();
        const purged = await this.purge();
        if (purged) this.logger.log(`purged ${purged} published outbox rows`);
        const pruned = await this.pruneChangeKeys();
        if (pruned) this.logger.log(`pruned ${pruned} expired change Idempotency-Keys`);
      }
    } catch (error) {
      // Back off so a broker outage is not hammered by every commit's kick.
      this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(this.options.pollIntervalMs, this.backoffMs * 2));
      this.retryAt = Date.now() + this.backoffMs;
      this.logger.warn(`outbox publish failed, retrying in ${this.backoffMs} ms: ${describe(error)}`);
    }
  }

  private async publishAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < this.options.batchSize) return total;
    }
  }

  /** One batch in one transaction; 0 when empty or when another replica's relay holds the lock. */
  private publishBatch(): Promise<number> {
    return inTransaction(this.dataSource, async (tx) => {
      const rows = await lockUnpublished(tx, this.options.batchSize);
      if (rows.length === 0) return 0;
      const spans = publishSpans(rows);
      const events = rows.map((r, i) => withTraceparent(r.payload, spans?.traceparents[i] ?? r.traceparent));
      try {
        await withTimeout(this.publisher.publish(events), this.options.publishTimeoutMs);
      } catch (error) {
        spans?.end(error);
        throw error;
      }
      spans?.end();
      await markPublished(
        tx,
        rows.map((r) => r.id),
      );
      this.metrics.countPublished(events);
      return rows.length;
    });
  }
}

/** While tracing is on, a PRODUCER span for each event, in the trace of the change that wrote its row. */
const publishSpans = (rows: UnpublishedRow[]) =>
  startProducerSpans(
    `send ${ORDERS_EVENTS_EXCHANGE}`,
    rows.map((r) => r.traceparent ?? undefined),
    (i) => ({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': ORDERS_EVENTS_EXCHANGE,
      'messaging.message.id': rows[i]!.payload.id,
      'cloudevents.event_type': rows[i]!.payload.type,
    }),
  );

/** The event as published: with the trace it is published in, as the CloudEvents `traceparent` extension. */
const withTraceparent = (event: CloudEvent, traceparent: string | null | undefined): CloudEvent =>
  traceparent ? { ...event, traceparent } : event;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publish not confirmed within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
