import type { ConsumeMessage } from 'amqplib';

/**
 * A request with this header may be answered together with others to the same reply queue: one
 * message whose body lists the answers, each under its request's correlation id. Callers that do
 * not send it (any plain NestJS client) get one reply per request, in the transport's own format.
 */
export const REPLY_BATCHES_HEADER = 'x-reply-batches';

/** The `type` property of a message carrying several answers. */
export const REPLY_BATCH_TYPE = 'replies';

/** One answer in the NestJS wire format (`response`, `err`, `isDisposed`), with the id it answers. */
export interface BatchedReply {
  correlationId: string;
  packet: Record<string, unknown>;
}

export const wantsBatchedReplies = (request: ConsumeMessage | undefined): boolean =>
  request?.properties.headers?.[REPLY_BATCHES_HEADER] === true;

/**
 * Collects the answers made in one turn of the event loop, by reply queue, and sends each queue's
 * as one message once the turn is over. A batch of commands settles in one turn, so a caller with
 * many commands in it reads one message instead of one per command, and the broker routes one.
 */
export class ReplyBatches {
  private readonly waiting = new Map<string, BatchedReply[]>();
  private scheduled = false;

  constructor(private readonly send: (replyTo: string, replies: BatchedReply[]) => void) {}

  add(replyTo: string, reply: BatchedReply): void {
    const list = this.waiting.get(replyTo);
    if (list) list.push(reply);
    else this.waiting.set(replyTo, [reply]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.waiting];
    this.waiting.clear();
    for (const [replyTo, replies] of batches) this.send(replyTo, replies);
  }
}

/** The answers a reply message carries: several for a batch, else the one it is. */
export function repliesIn(message: ConsumeMessage): BatchedReply[] {
  const body = JSON.parse(message.content.toString('utf8')) as unknown;
  if (message.properties.type === REPLY_BATCH_TYPE && Array.isArray(body)) return body as BatchedReply[];
  const correlationId = message.properties.correlationId as string | undefined;
  return correlationId ? [{ correlationId, packet: body as Record<string, unknown> }] : [];
}
