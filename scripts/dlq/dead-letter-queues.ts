import type { ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import {
  analyticsEventsQueue,
  deadLetterQueueOf,
  ordersCommandQueue,
  REPLAY_ID_HEADER,
  replayIdOf,
  webhooksAdminCommandQueue,
  webhooksEventsQueue,
} from '#messaging';
import { type DeadLetter, describe, replayCopy } from './dead-letter.js';

/** The work queues that dead-letter their failures, by the names their services declare them with. */
export const DEAD_LETTERED_QUEUES = [ordersCommandQueue, analyticsEventsQueue, webhooksEventsQueue, webhooksAdminCommandQueue]
  .filter((q) => !q.transient)
  .map((q) => q.name);

/** Publishes in flight at once: one at a time would wait on a disk sync per message. */
const PUBLISH_WINDOW = 256;
/** The shortest id prefix `replay` accepts, so a slip of the keyboard cannot pick a message. */
export const MIN_ID_PREFIX = 8;

export class UsageError extends Error {}

export interface Listing {
  letters: DeadLetter[];
  /** Messages past the limit, not read. */
  notShown: number;
  /** Dead-letter queues that do not exist yet: their service has never started on this broker. */
  missingQueues: string[];
}

export interface ReplayOutcome {
  replayed: (DeadLetter & { target: string })[];
  notFound: string[];
  failed: { id: string; error: string }[];
  missingQueues: string[];
}

interface Taken {
  message: GetMessage;
  letter: DeadLetter;
  workQueue: string;
}

/**
 * Reads and replays the dead-letter queues over plain AMQP (no management plugin). Every message
 * is taken with `basic.get` unacknowledged, so while the tool holds it nobody else can, and at the
 * end everything not replayed is returned with `basic.nack` + requeue: RabbitMQ puts it back in its
 * original place, and, unlike `basic.reject`, a nack does not count towards a quorum queue's
 * delivery limit. A replayed message is removed (acked) only once its copy is confirmed in the work
 * queue, so a crash in between leaves a duplicate, never a loss; the copy carries the id it replays
 * so consumers can tell (see `REPLAY_ID_HEADER`).
 */
export class DeadLetterQueues {
  constructor(
    private readonly connection: ChannelModel,
    private readonly workQueues: readonly string[] = DEAD_LETTERED_QUEUES,
  ) {}

  /** `orders.commands` or `orders.commands.dlq`, or every queue when none is named. */
  select(queue?: string): string[] {
    if (!queue) return [...this.workQueues];
    const found = this.workQueues.find((q) => q === queue || deadLetterQueueOf(q) === queue);
    if (!found) {
      throw new UsageError(
        `unknown queue "${queue}": one of ${this.workQueues.flatMap((q) => [q, deadLetterQueueOf(q)]).join(', ')}`,
      );
    }
    return [found];
  }

  async list(queue: string | undefined, limit: number): Promise<Listing> {
    return this.holding(this.select(queue), limit, (_channel, taken, notShown, missingQueues) =>
      Promise.resolve({ letters: taken.map((t) => t.letter), notShown, missingQueues }),
    );
  }

  /** Replays every message whose id is or starts with one of `ids`, or all of them. */
  async replay(selection: { ids: string[] } | { all: true }, queue: string | undefined, limit: number): Promise<ReplayOutcome> {
    const ids = 'ids' in selection ? selection.ids : [];
    const short = ids.filter((id) => id.length < MIN_ID_PREFIX);
    if (short.length) throw new UsageError(`ids must have at least ${MIN_ID_PREFIX} characters: ${short.join(', ')}`);
    return this.holding(this.select(queue), limit, async (channel, taken, _notShown, missingQueues) => {
      const { chosen: wanted, notFound } = 'all' in selection ? { chosen: taken, notFound: [] } : choose(taken, ids);
      const outcome: ReplayOutcome = { replayed: [], notFound, failed: [], missingQueues };
      // Published to a queue that is not there, a copy would be confirmed and dropped: the message lost.
      const absent = new Set<string>();
      for (const q of new Set(wanted.map((t) => t.workQueue))) if (!(await this.exists(q))) absent.add(q);
      for (const t of wanted.filter((w) => absent.has(w.workQueue))) {
        outcome.failed.push({ id: t.letter.id, error: `queue ${t.workQueue} does not exist: start its service first` });
      }
      await moveBack(
        channel,
        wanted.filter((t) => !absent.has(t.workQueue)),
        outcome,
      );
      return outcome;
    });
  }

  /**
   * Takes up to `limit` messages from each queue's dead-letter queue, runs `work` while holding
   * them, then returns every one not acked to its queue.
   */
  private async holding<T>(
    workQueues: string[],
    limit: number,
    work: (channel: ConfirmChannel, taken: Taken[], notShown: number, missingQueues: string[]) => Promise<T>,
  ): Promise<T> {
    const missingQueues: string[] = [];
    const present: string[] = [];
    for (const q of workQueues) ((await this.exists(deadLetterQueueOf(q))) ? present : missingQueues).push(deadLetterQueueOf(q));
    const channel = await this.connection.createConfirmChannel();
    // A channel the broker closes rejects what is pending on it; that rejection is the report.
    channel.on('error', () => undefined);
    try {
      const taken: Taken[] = [];
      let notShown = 0;
      for (const workQueue of workQueues.filter((q) => present.includes(deadLetterQueueOf(q)))) {
        const dlq = deadLetterQueueOf(workQueue);
        let left = 0;
        for (let n = 0; n < limit; n++) {
          const message = await channel.get(dlq, { noAck: false });
          if (!message) break;
          taken.push({ message, letter: describe(dlq, message), workQueue });
          left = message.fields.messageCount;
        }
        notShown += left;
      }
      return await work(channel, taken, notShown, missingQueues);
    } finally {
      // On a channel that is gone already, the broker has put back all it held.
      await settleAndClose(channel);
    }
  }

  /** A passive declare closes its channel when the queue is missing, so it gets a channel of its own. */
  private async exists(queue: string): Promise<boolean> {
    const probe = await this.connection.createChannel();
    probe.on('error', () => undefined);
    try {
      await probe.checkQueue(queue);
      await probe.close();
      return true;
    } catch {
      return false;
    }
  }
}

function choose(taken: Taken[], ids: string[]): { chosen: Taken[]; notFound: string[] } {
  const chosen = new Set<Taken>();
  const notFound: string[] = [];
  for (const id of ids) {
    const matches = taken.filter((t) => t.letter.id.startsWith(id));
    const distinct = new Set(matches.map((t) => t.letter.id));
    if (distinct.size > 1) throw new UsageError(`id "${id}" is ambiguous: ${[...distinct].join(', ')}`);
    if (matches.length === 0) notFound.push(id);
    // Every copy of the same message goes: they replay under one id, so consumers apply it once.
    for (const t of matches) chosen.add(t);
  }
  return { chosen: [...chosen], notFound };
}

/** Publishes the copies, a window at a time, and acks each original once its copy is confirmed. */
async function moveBack(channel: ConfirmChannel, chosen: Taken[], outcome: ReplayOutcome): Promise<void> {
  // And should a queue vanish meanwhile: `mandatory` copies come back instead of being dropped.
  const returned = new Set<string>();
  channel.on('return', (message: GetMessage) => returned.add(String(replayIdOf(message))));
  for (let i = 0; i < chosen.length; i += PUBLISH_WINDOW) {
    const window = chosen.slice(i, i + PUBLISH_WINDOW);
    const results = await Promise.allSettled(window.map((t) => publishConfirmed(channel, t, returned)));
    results.forEach((result, j) => {
      const t = window[j]!;
      if (result.status === 'fulfilled') {
        channel.ack(t.message);
        outcome.replayed.push({ ...t.letter, target: t.workQueue });
      } else {
        outcome.failed.push({ id: t.letter.id, error: String((result.reason as Error)?.message ?? result.reason) });
      }
    });
  }
}

/** Resolves once the broker has the copy in the work queue; a return arrives before its confirm. */
function publishConfirmed(channel: ConfirmChannel, taken: Taken, returned: Set<string>): Promise<void> {
  const { body, options } = replayCopy(taken.message, taken.letter.id);
  return new Promise((resolve, reject) => {
    channel.publish('', taken.workQueue, body, { ...options, mandatory: true }, (error) => {
      if (error) reject(error as Error);
      else if (returned.has(String(options.headers?.[REPLAY_ID_HEADER]))) reject(new Error(`${taken.workQueue} did not take it`));
      else resolve();
    });
  });
}

async function settleAndClose(channel: ConfirmChannel): Promise<void> {
  try {
    channel.nackAll(true);
    await channel.close();
  } catch {
    // Closed meanwhile: nothing left to return.
  }
}
