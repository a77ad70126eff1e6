import { type Tracer, trace } from '@opentelemetry/api';

/** What the configuration says about tracing: on when an OTLP endpoint is set. */
export interface TracingSettings {
  otlpEndpoint?: string;
}

interface Running {
  tracer: Tracer;
  shutdown: () => Promise<void>;
}

let running: Running | undefined;

/**
 * Starts the OpenTelemetry SDK for `service` when an OTLP endpoint is configured, before the
 * service is built. The SDK reads its own `OTEL_*` variables (protocol, sampler, batch delays,
 * resource attributes); only traces are exported, as metrics and logs have their own pipelines, and
 * only the W3C trace context is propagated.
 * Off, the SDK is never even loaded, and every span helper returns at its first line.
 */
export async function startTracing(service: string, settings: TracingSettings): Promise<void> {
  if (!settings.otlpEndpoint || running) return;
  const [{ NodeSDK }, { W3CTraceContextPropagator }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/core'),
  ]);
  const sdk = new NodeSDK({
    serviceName: service,
    metricReaders: [],
    logRecordProcessors: [],
    // Trace context only: the default also carries W3C baggage, which would copy whatever a client
    // sends in a `baggage` header into every command and event it causes.
    textMapPropagator: new W3CTraceContextPropagator(),
  });
  sdk.start();
  running = { tracer: trace.getTracer('order-management-platform'), shutdown: () => sdk.shutdown() };
}

/** Exports what is still buffered and stops tracing; the span helpers go quiet. */
export async function stopTracing(): Promise<void> {
  const stopping = running;
  running = undefined;
  await stopping?.shutdown();
}

/** The tracer while tracing is on; undefined (and nothing to do) otherwise. */
export const activeTracer = (): Tracer | undefined => running?.tracer;

export const tracingOn = (): boolean => running !== undefined;
