import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { WebhookConfig } from '#config';
import { inClientSpan } from '#observability';
import type { ClaimedDelivery, DeliveryRepository } from '../persistence/delivery.repository.js';
import type { EventStoreRepository } from '../persistence/event-store.repository.js';
import type { SubscriptionRepository } from '../persistence/subscription.repository.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { DeliveredBatch } from './delivered-batch.js';
import { EndpointAgents } from './endpoint-agents.js';
import { attemptDuration, deliveriesByOutcome } from './webhook-metrics.js';
import { postEvent } from './post-event.js';
import { type HttpResult, outcomeOf } from './retry-policy.js';
import { signedHeaders } from './sign.js';

/** Attempts one replica runs at once, over every endpoint together. */
const MAX_IN_FLIGHT = 256;
/** A claim outlives its attempt by this much: only a replica that died lets it lapse. */
const LEASE_MARGIN_MS = 15_000;
/** Old events are pruned this often, this many per statement, until none is left. */
const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_BATCH = 5_000;
/** How long an admin write's Idempotency-Key answers its retries. */
const REQUEST_KEY_RETENTION_MS = 24 * 3_600_000;

/**
 * Sends due deliveries. Each round fans out what intake left waiting, then claims due deliveries
 * (at most `maxInFlightPerEndpoint` per endpoint across replicas, never one whose order has an
 * earlier event pending to the same endpoint) and starts their attempts without waiting for them:
 * a slow endpoint holds only its own claims, never the round. A finished attempt, a recorded
 * event and the poll timer each start another round.
 */
export class Dispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly attempts = new Set<Promise<void>>();
  /** This replica's attempts in flight per subscription. */
  private readonly inFlight = new Map<string, number>();
  private readonly agents: EndpointAgents;
  private readonly delivered: DeliveredBatch;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  /** Failing subscriptions' deliveries are claimed by the poll's round only (see DeliveryRepository.claim). */
  private failingDue = true;
  private stopping = false;
  private lastSweep = 0;
  /** The first prune comes a minute after start, clear of the start-up's own work, then hourly. */
  private lastPrune = Date.now() - PRUNE_EVERY_MS + 60_000;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly events: EventStoreRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly box: SecretBox,
    private readonly config: WebhookConfig,
  ) {
    this.agents = new EndpointAgents(config.maxInFlightPerEndpoint);
    this.delivered = new DeliveredBatch(deliveries);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.failingDue = true;
      this.wake();
    }, this.config.pollMs);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.round;
    // Attempts under way finish and are recorded; an unrecorded one is claimed again after its lease.
    await Promise.allSettled([...this.attempts]);
    this.agents.destroy();
  }

  wake = (): void => {
    if (this.stopping) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.runRounds().finally(() => (this.round = undefined));
  };

  private async runRounds(): Promise<void> {
    do {
      this.again = false;
      try {
        // Intake fans out what it records; the sweep only catches stragglers, so once per poll is enough.
        if (Date.now() - this.lastSweep >= this.config.pollMs) {
          this.lastSweep = Date.now();
          await this.events.sweep();
        }
        if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
          this.lastPrune = Date.now();
          await this.prune();
        }
        const room = MAX_IN_FLIGHT - this.attempts.size;
        if (room <= 0) return;
        const includeFailing = this.failingDue;
        this.failingDue = false;
        const claimed = await this.deliveries.claim(
          this.config.maxInFlightPerEndpoint,
          this.config.timeoutMs + LEASE_MARGIN_MS,
          room,
          includeFailing,
        );
        if (claimed.length) await this.launch(claimed);
      } catch (error) {
        // The database is away: the poll timer tries again, no faster.
        this.logger.warn(`webhook dispatch round failed: ${(error as Error).message}`);
        return;
      }
    } while (this.again && !this.stopping);
  }

  /** Events past WEBHOOK_RETENTION_DAYS go, in batches, so that a large first prune never holds one long transaction. */
  async prune(now = Date.now()): Promise<number> {
    const before = new Date(now - this.config.retentionMs);
    let total = 0;
    for (let pruned = PRUNE_BATCH; pruned === PRUNE_BATCH && !this.stopping;) {
      pruned = await this.events.prune(before, PRUNE_BATCH);
      total += pruned;
    }
    if (total) this.logger.log(`pruned ${total} webhook events older than ${before.toISOString()} and their deliveries`);
    const keysBefore = new Date(now - REQUEST_KEY_RETENTION_MS);
    for (let pruned = PRUNE_BATCH; pruned === PRUNE_BATCH && !this.stopping;) {
      pruned = await this.events.pruneRequestKeys(keysBefore, PRUNE_BATCH);
    }
    return total;
  }

  /**
   * Starts the attempts. A finished one asks for the next claim only once its endpoint has half its
   * room free (or the poll timer does): a claim walks the endpoint's backlog, so it fills several
   * places at once rather than one after each answer.
   */
  private async launch(claimed: ClaimedDelivery[]): Promise<void> {
    const secrets = await this.secretsOf([...new Set(claimed.map((d) => d.subscription_id))]);
    const refillAt = Math.floor(this.config.maxInFlightPerEndpoint / 2);
    for (const delivery of claimed) {
      const sub = delivery.subscription_id;
      this.inFlight.set(sub, (this.inFlight.get(sub) ?? 0) + 1);
      const attempt = this.attempt(delivery, secrets.get(sub) ?? [])
        .catch((error: Error) => this.logger.warn(`webhook delivery ${delivery.id} not recorded: ${error.message}`))
        .finally(() => {
          this.attempts.delete(attempt);
          const left = (this.inFlight.get(sub) ?? 1) - 1;
          if (left > 0) this.inFlight.set(sub, left);
          else this.inFlight.delete(sub);
          if (left <= refillAt) this.wake();
        });
      this.attempts.add(attempt);
    }
  }

  /** Each subscription's signing secrets, newest first; none for one sealed under a key this replica lacks. */
  private async secretsOf(ids: string[]): Promise<Map<string, string[]>> {
    const now = Date.now();
    const secrets = new Map<string, string[]>();
    for (const r of await this.subscriptions.secretsOf(ids)) {
      try {
        const overlapping = r.sealed_previous_secret && r.previous_secret_until && r.previous_secret_until.getTime() > now;
        secrets.set(r.id, [
          this.box.open(r.sealed_secret, r.id),
          ...(overlapping ? [this.box.open(r.sealed_previous_secret!, r.id)] : []),
        ]);
      } catch (error) {
        this.logger.error(`webhook subscription ${r.id}: ${(error as Error).message}`);
      }
    }
    return secrets;
  }

  private async attempt(d: ClaimedDelivery, secrets: string[]): Promise<void> {
    const started = performance.now();
    const result: HttpResult = secrets.length
      ? await inClientSpan(
          () => attemptSpan(d),
          () => traceparentOf(d.body),
          () => postEvent(d.url, d.body, signedHeaders(d.event_id, d.body, secrets, new Date()), this.config, this.agents),
          (r) => ('statusCode' in r ? { 'http.response.status_code': r.statusCode } : { 'error.type': r.error }),
        )
      : { error: 'its signing secret is sealed under a key this service was not given (WEBHOOK_SECRET_KEY)', retryable: true };
    const outcome = outcomeOf(
      result,
      { attempts: d.attempts, firstAttemptAt: d.first_attempt_at.getTime() },
      this.config,
      Date.now(),
    );
    attemptDuration.observe({ outcome: outcome.kind }, (performance.now() - started) / 1000);
    if (outcome.kind === 'delivered') {
      await this.delivered.record(d.id, outcome.statusCode);
      deliveriesByOutcome.inc({ outcome: outcome.kind });
      return;
    }
    const { disabled } = await this.deliveries.settle(d, outcome, this.config.disableAfterMs);
    deliveriesByOutcome.inc({ outcome: outcome.kind });
    if (disabled) this.logger.warn(`webhook subscription ${d.subscription_id} disabled after delivery ${d.id}`);
  }
}

/**
 * An attempt's span, in the trace of the change whose event it sends. The endpoint is named by host
 * and port only: a receiver's path or query may hold a token of its own.
 */
function attemptSpan(d: ClaimedDelivery) {
  const url = new URL(d.url);
  return {
    name: 'POST',
    attributes: {
      'http.request.method': 'POST',
      'url.scheme': url.protocol.slice(0, -1),
      'server.address': url.hostname,
      'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'webhook.subscription.id': d.subscription_id,
      'webhook.delivery.id': d.id,
      'webhook.delivery.attempt': d.attempts,
      'cloudevents.event_id': d.event_id,
    },
  };
}

/** The event's own `traceparent` (the CloudEvents distributed-tracing attribute), read only while tracing is on. */
function traceparentOf(body: string): string | undefined {
  try {
    const traceparent = (JSON.parse(body) as { traceparent?: unknown }).traceparent;
    return typeof traceparent === 'string' ? traceparent : undefined;
  } catch {
    return undefined;
  }
}
