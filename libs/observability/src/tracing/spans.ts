import {
  type Attributes,
  type Context,
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { activeTracer } from './tracing.js';

/**
 * The spans at the hops between the services: an HTTP request, a message sent, a message taken,
 * a batch committed. Each helper asks first whether tracing is on and, off, calls straight through:
 * a message then costs one branch, and no span, context or header is made.
 *
 * Trace context travels as the W3C `traceparent`: in HTTP and AMQP headers, in the outbox row, and on
 * the events as the CloudEvents distributed-tracing extension attribute.
 */
export type Carrier = Record<string, unknown>;

const fromCarrier = (carrier: Carrier | undefined): Context =>
  carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;

const fromTraceparent = (traceparent: string): Context => propagation.extract(ROOT_CONTEXT, { traceparent });

function traceparentIn(ctx: Context): string | undefined {
  const carrier: Carrier = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent as string | undefined;
}

/** Epoch milliseconds with the sub-millisecond part, so that spans given the same instants line up. */
const now = (): number => performance.timeOrigin + performance.now();

function end(span: Span, error: unknown, at?: number): void {
  if (error !== undefined)
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end(at);
}

/** The `traceparent` of the span in progress: what a change stores to be published under. */
export function activeTraceparent(): string | undefined {
  return activeTracer() ? traceparentIn(context.active()) : undefined;
}

/** A span's name and attributes, asked for only when tracing is on. */
export interface SpanDescription {
  name: string;
  attributes?: Attributes;
}

/**
 * Runs `send` in a PRODUCER span, a child of the span in progress, whose context is written into
 * `headers` first: the message carries the span that sent it.
 */
export function inProducerSpan<T>(describe: () => SpanDescription, headers: Carrier, send: () => Promise<T>): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return send();
  const { name, attributes } = describe();
  const span = tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes });
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return send().then(
    (result) => {
      span.end();
      return result;
    },
    (error: unknown) => {
      end(span, error);
      throw error;
    },
  );
}

export interface ConsumerSpan {
  /** Runs `work` with this span in progress, so what it sends or stores carries it. */
  run<T>(work: () => T): T;
  end(error?: unknown): void;
}

/** A CONSUMER span, child of the context in a message's `headers` (a new trace when they carry none). */
export function startConsumerSpan(describe: () => SpanDescription, headers: Carrier | undefined): ConsumerSpan | undefined {
  const tracer = activeTracer();
  if (!tracer) return undefined;
  const { name, attributes } = describe();
  const parent = fromCarrier(headers);
  const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
  const current = trace.setSpan(parent, span);
  return { run: (work) => context.with(current, work), end: (error) => end(span, error) };
}

/** `work`, done at once, in a CONSUMER span as `startConsumerSpan` makes it. */
export function inConsumerSpan<T>(describe: () => SpanDescription, headers: Carrier | undefined, work: () => T): T {
  const span = startConsumerSpan(describe, headers);
  if (!span) return work();
  try {
    const result = span.run(work);
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw error;
  }
}

/**
 * Runs `call` in a CLIENT span, a child of the stored `traceparent` that `parentOf` gives (a new trace
 * without one): a call made later, on its own schedule, for something that happened in that trace.
 * `resultAttributes` describes the answer on the span.
 */
export function inClientSpan<T>(
  describe: () => SpanDescription,
  parentOf: () => string | undefined,
  call: () => Promise<T>,
  resultAttributes: (result: T) => Attributes = () => ({}),
): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return call();
  const { name, attributes } = describe();
  const parent = parentOf();
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent ? fromTraceparent(parent) : ROOT_CONTEXT);
  return call().then(
    (result) => {
      span.setAttributes(resultAttributes(result));
      span.end();
      return result;
    },
    (error: unknown) => {
      end(span, error);
      throw error;
    },
  );
}

export interface ProducerSpans {
  /** Each message's new `traceparent` (its producer span), where it had a parent. */
  traceparents: (string | undefined)[];
  end(error?: unknown): void;
}

/**
 * One PRODUCER span per message of a batch sent together, each a child of the `traceparent` the
 * message was stored with; messages stored without one get none. Undefined when there is nothing to trace.
 */
export function startProducerSpans(
  name: string,
  parents: readonly (string | undefined)[],
  attributesOf: (index: number) => Attributes,
): ProducerSpans | undefined {
  const tracer = activeTracer();
  if (!tracer || !parents.some(Boolean)) return undefined;
  const spans: Span[] = [];
  const traceparents = parents.map((parent, index) => {
    if (!parent) return undefined;
    const ctx = fromTraceparent(parent);
    const span = tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes: attributesOf(index) }, ctx);
    spans.push(span);
    return traceparentIn(trace.setSpan(ctx, span));
  });
  return { traceparents, end: (error) => spans.forEach((span) => end(span, error)) };
}

export interface BatchSpanOptions {
  /** The batch's own span: the root of a trace of its own, linked to every member. */
  batch: string;
  /** The span each member gets in its own trace, over the same time, linked to the batch's span. */
  member: string;
  /** Each member is a message taken: its span is a CONSUMER span. */
  membersConsumed?: boolean;
  attributes?: Attributes;
  memberAttributes?: (index: number) => Attributes;
}

/**
 * Work done for many messages at once (one transaction for a batch of commands or events). Span links
 * alone would leave each message's trace without the commit that applied it, so both are recorded: the
 * batch span links to every member, and every member's trace gets a child span covering the batch,
 * linked back to it. `membersOf` gives each member's `traceparent` (asked only while tracing is on);
 * members without one are left out.
 */
export function inBatchSpans<T>(
  options: BatchSpanOptions,
  membersOf: () => readonly (string | undefined)[],
  work: () => Promise<T>,
): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return work();
  const members = membersOf();
  return members.some(Boolean) ? traceBatch(tracer, options, members, work) : work();
}

async function traceBatch<T>(
  tracer: Tracer,
  options: BatchSpanOptions,
  members: readonly (string | undefined)[],
  work: () => Promise<T>,
): Promise<T> {
  const parents = members.map((m) => (m ? fromTraceparent(m) : undefined));
  const links: Link[] = parents.flatMap((p) => {
    const linked = p && trace.getSpanContext(p);
    return linked ? [{ context: linked }] : [];
  });
  const attributes = { ...options.attributes, 'messaging.batch.message_count': members.length };
  const startTime = now();
  const batch = tracer.startSpan(options.batch, { attributes, links, startTime }, ROOT_CONTEXT);
  let failure: unknown;
  try {
    return await context.with(trace.setSpan(ROOT_CONTEXT, batch), work);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    const endTime = now();
    const toBatch = [{ context: batch.spanContext() }];
    parents.forEach((parent, index) => {
      if (!parent) return;
      const member = tracer.startSpan(
        options.member,
        {
          kind: options.membersConsumed ? SpanKind.CONSUMER : SpanKind.INTERNAL,
          attributes: { ...attributes, ...options.memberAttributes?.(index) },
          links: toBatch,
          startTime,
        },
        parent,
      );
      end(member, failure, endTime);
    });
    end(batch, failure, endTime);
  }
}
