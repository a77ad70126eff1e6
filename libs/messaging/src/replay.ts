import type { ConsumeMessage } from 'amqplib';

/**
 * On a message put back into its queue from the dead-letter queue: the id of the message it copies,
 * the same however often it is replayed. A consumer whose work is not idempotent by itself records
 * it in the work's own transaction, so a duplicate replay (a crash of the tool between publishing
 * the copy and removing the original) changes nothing twice.
 */
export const REPLAY_ID_HEADER = 'x-replay-id';
/** How many times the message has been replayed from its dead-letter queue. */
export const REPLAYS_HEADER = 'x-replays';

export function replayIdOf(message: Pick<ConsumeMessage, 'properties'>): string | undefined {
  const value: unknown = message.properties.headers?.[REPLAY_ID_HEADER];
  if (typeof value === 'string' && value) return value;
  return Buffer.isBuffer(value) && value.length ? value.toString('utf8') : undefined;
}
