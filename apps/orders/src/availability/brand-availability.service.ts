import { APP_CONFIG, type AppConfig } from '#config';
import {
  type AvailabilityReply,
  type BrandAvailabilityState,
  type GetAvailabilityQuery,
  type Result,
  type SetAvailabilityCommand,
  type SetItemAvailabilityCommand,
} from '#contracts';
import { inTransaction, readerOf, type Reader, type Tx } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type AvailabilityChange,
  type BrandAvailability,
  expire,
  setAvailability,
  setItemAvailability,
} from '../domain/brand-availability.js';
import { MAX_PREP_SAMPLES, PREP_SAMPLE_WINDOW_MS, prepEstimateMinutes } from '../domain/promised-time.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import {
  allAvailability,
  findAvailability,
  lockAvailability,
  prepEstimateInputs,
  saveAvailability,
} from '../persistence/brand-availability.repository.js';
import { insertOutbox } from '../persistence/outbox.repository.js';
import { fail, ok } from '../result.js';
import { changeKeyScope, findChangeKeys, insertChangeKeys } from '../persistence/change-key.repository.js';
import { toAvailabilityState, toAvailabilityView, toBrandCloudEvents } from '../wire/availability.mapper.js';

/** Each brand's prep estimate at `now` (CONTRACT section 6): the median of its recent prep times, plus BUSY's minutes. */
export async function brandPrepEstimates(
  sql: Reader,
  brandIds: string[],
  now: Date,
  defaultMinutes: number,
): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - PREP_SAMPLE_WINDOW_MS);
  const inputs = await prepEstimateInputs(sql, brandIds, since, now, MAX_PREP_SAMPLES);
  return new Map([...inputs].map(([brand, i]) => [brand, prepEstimateMinutes(i.prepTimesMs, defaultMinutes) + i.extraMinutes]));
}

/**
 * Brand availability, owned by the orders service like every other order-related state: each
 * change locks the brand's row, is decided by domain/brand-availability.ts, and commits with its
 * events in the outbox, so they go out on `orders.events` like an order's. Changes are rare
 * (a kitchen's button), so each runs in a transaction of its own rather than in a batch.
 */
@Injectable()
export class BrandAvailabilityService {
  private readonly reader: Reader;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reader = readerOf(dataSource);
  }

  async set(command: SetAvailabilityCommand): Promise<Result<AvailabilityReply>> {
    const { state, extraPrepMinutes, until } = command;
    return replyOf(
      await this.change(
        command.brandId,
        command.correlationId,
        (a, now) =>
          setAvailability(
            a,
            { state, ...(extraPrepMinutes === undefined ? {} : { extraPrepMinutes }), ...(until === undefined ? {} : { until }) },
            now,
          ),
        keyOf(command, 'availability', command.brandId),
      ),
    );
  }

  async setItem(command: SetItemAvailabilityCommand): Promise<Result<AvailabilityReply>> {
    const { available, until } = command;
    return replyOf(
      await this.change(
        command.brandId,
        command.correlationId,
        (a, now) => setItemAvailability(a, command.plu, { available, ...(until === undefined ? {} : { until }) }, now),
        keyOf(command, 'item-availability', `${command.brandId}\n${command.plu}`),
      ),
    );
  }

  /** The passed `until`s of one brand take effect, with their events; returns how many events that made. */
  async expire(brandId: string, now = new Date()): Promise<number> {
    const result = await this.change(brandId, undefined, (a) => ok(expire(a, now)), undefined, now);
    return result.ok ? result.value.events : 0;
  }

  async get(query: GetAvailabilityQuery): Promise<Result<AvailabilityReply>> {
    const now = new Date();
    const stored = await findAvailability(this.reader, query.brandId);
    // The view as it stands now; the state as stored, its sequence that of the last event published.
    const reply = await this.reply(this.reader, expire(stored, now).availability, now);
    return ok({ ...reply, state: toAvailabilityState(stored) });
  }

  /** Every configured brand as stored: the gateway applies passed `until`s itself, by the clock. */
  async all(): Promise<BrandAvailabilityState[]> {
    return (await allAvailability(this.reader)).map(toAvailabilityState);
  }

  private change(
    brandId: string,
    correlationId: string | undefined,
    decide: (a: BrandAvailability, now: Date) => Result<AvailabilityChange>,
    key?: ChangeKey,
    now = new Date(),
  ): Promise<Result<{ reply: AvailabilityReply; events: number }>> {
    return inTransaction(this.dataSource, async (tx: Tx) => {
      const before = await lockAvailability(tx, brandId);
      if (!key) return this.apply(tx, before, decide, correlationId, now);
      // A retry answers what its first attempt was answered: a PUT repeated after another change must not undo it.
      const prior = (await findChangeKeys(tx, [key.scope])).get(key.scope);
      if (prior) {
        if (prior.requestHash !== key.requestHash) return fail(keyConflict());
        const answer = prior.answer as Result<AvailabilityReply>;
        return answer.ok ? ok({ reply: answer.value, events: 0 }) : answer;
      }
      const result = await this.apply(tx, before, decide, correlationId, now);
      await insertChangeKeys(tx, [{ ...key, target: brandId, answer: replyOf(result) }], now);
      return result;
    });
  }

  private async apply(
    tx: Tx,
    before: BrandAvailability,
    decide: (a: BrandAvailability, now: Date) => Result<AvailabilityChange>,
    correlationId: string | undefined,
    now: Date,
  ): Promise<Result<{ reply: AvailabilityReply; events: number }>> {
    const decision = decide(before, now);
    if (!decision.ok) return decision;
    const { availability, events } = decision.value;
    if (events.length) {
      await saveAvailability(tx, before, availability);
      await insertOutbox(tx, toBrandCloudEvents(before.brandId, events, correlationId));
      // Out at once: every replica stops taking orders for a paused brand once it hears of it.
      tx.afterCommit(() => this.relay.kick(true));
    }
    return ok({ reply: await this.reply(tx, availability, now), events: events.length });
  }

  private async reply(sql: Reader, a: BrandAvailability, now: Date): Promise<AvailabilityReply> {
    const estimates = await brandPrepEstimates(sql, [a.brandId], now, this.config.defaultPrepMinutes);
    return { view: toAvailabilityView(a, estimates.get(a.brandId)!), state: toAvailabilityState(a) };
  }
}

interface ChangeKey {
  scope: string;
  requestHash: string;
}

/** An availability change's Idempotency-Key, scoped to the caller, the route and its target. */
const keyOf = (
  command: SetAvailabilityCommand | SetItemAvailabilityCommand,
  route: string,
  target: string,
): ChangeKey | undefined =>
  command.idempotencyKey
    ? {
        scope: changeKeyScope(command.caller.actor, route, target, command.idempotencyKey),
        requestHash: command.requestHash ?? '',
      }
    : undefined;

const keyConflict = () =>
  ({
    code: 'idempotency_conflict',
    detail: 'This Idempotency-Key was already used with a different request on this route.',
  }) as const;

const replyOf = (result: Result<{ reply: AvailabilityReply }>): Result<AvailabilityReply> =>
  result.ok ? ok(result.value.reply) : result;
