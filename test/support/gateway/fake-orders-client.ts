import type { OrderMessageMap, OrderMessagePattern } from '#contracts';
import type { OrdersClient } from '../../../apps/api-gateway/src/orders/orders-client.port.js';

export type Sent =
  | { kind: 'command'; pattern: OrderMessagePattern; payload: unknown; waitMs: number }
  | { kind: 'query'; pattern: OrderMessagePattern; payload: unknown };

type CommandReply<P extends OrderMessagePattern> = { answered: true; result: OrderMessageMap[P]['result'] } | { answered: false };
type Responder<P extends OrderMessagePattern> = (payload: OrderMessageMap[P]['payload']) => unknown;

/**
 * A test double of our own port: records everything it is sent (so a test can say "nothing was
 * published") and answers with what the test scripted, per pattern.
 */
export class FakeOrdersClient implements OrdersClient {
  readonly sent: Sent[] = [];
  private readonly responders = new Map<OrderMessagePattern, Responder<OrderMessagePattern>>();

  /** Script the answer of a command: a reply (`{ answered, result }`) or a function of the payload. */
  onCommand<P extends OrderMessagePattern>(
    pattern: P,
    reply: CommandReply<P> | ((payload: OrderMessageMap[P]['payload']) => CommandReply<P>),
  ): this {
    this.responders.set(pattern, (typeof reply === 'function' ? reply : () => reply) as Responder<OrderMessagePattern>);
    return this;
  }

  /** Script the answer of a query: a result, a function of the payload, or an error to throw. */
  onQuery<P extends OrderMessagePattern>(
    pattern: P,
    reply: OrderMessageMap[P]['result'] | Error | ((payload: OrderMessageMap[P]['payload']) => OrderMessageMap[P]['result']),
  ): this {
    this.responders.set(pattern, ((payload: OrderMessageMap[P]['payload']) => {
      if (reply instanceof Error) throw reply;
      return typeof reply === 'function' ? reply(payload) : reply;
    }) as Responder<OrderMessagePattern>);
    return this;
  }

  async command<P extends OrderMessagePattern>(
    pattern: P,
    payload: OrderMessageMap[P]['payload'],
    waitMs: number,
  ): Promise<CommandReply<P>> {
    this.sent.push({ kind: 'command', pattern, payload: structuredClone(payload), waitMs });
    return this.answer(pattern, payload) as CommandReply<P>;
  }

  async query<P extends OrderMessagePattern>(
    pattern: P,
    payload: OrderMessageMap[P]['payload'],
  ): Promise<OrderMessageMap[P]['result']> {
    this.sent.push({ kind: 'query', pattern, payload: structuredClone(payload) });
    return this.answer(pattern, payload) as OrderMessageMap[P]['result'];
  }

  commands(): Extract<Sent, { kind: 'command' }>[] {
    return this.sent.filter((s): s is Extract<Sent, { kind: 'command' }> => s.kind === 'command');
  }

  reset(): void {
    this.sent.length = 0;
    this.responders.clear();
  }

  /** The messaging module closes the client it holds when the app shuts down. */
  async close(): Promise<void> {}

  private answer(pattern: OrderMessagePattern, payload: unknown): unknown {
    const responder = this.responders.get(pattern);
    if (!responder) throw new Error(`FakeOrdersClient: no answer scripted for ${pattern}`);
    return responder(payload as never);
  }
}
