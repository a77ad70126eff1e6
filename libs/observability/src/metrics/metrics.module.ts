import { type DynamicModule, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { makeCounterProvider, makeHistogramProvider, PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { Public } from '#http';
import { HTTP_REQUEST_DURATION, MESSAGE_HANDLING_DURATION, MESSAGES_HANDLED, MESSAGES_PUBLISHED } from './metrics.js';

/** The library's controller, open without an API key and kept out of the OpenAPI document. */
@ApiExcludeController()
@Public()
class MetricsController extends PrometheusController {}

/**
 * prom-client's defaults include `nodejs_active_{handles,requests,resources}_total`: gauges named like
 * counters, which Prometheus's naming rules (and `promtool check metrics`) refuse. Each repeats the sum
 * of the per-type gauge beside it (`sum(nodejs_active_handles)`), which stays.
 */
const GAUGES_NAMED_AS_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

const sharedMetrics = [
  makeHistogramProvider(HTTP_REQUEST_DURATION),
  makeCounterProvider(MESSAGES_PUBLISHED),
  makeCounterProvider(MESSAGES_HANDLED),
  makeHistogramProvider(MESSAGE_HANDLING_DURATION),
];

/**
 * `GET /metrics` in Prometheus text format with Node.js's default process metrics, and the shared
 * metric providers. Global, so a service's own modules can `@InjectMetric` them and add their own
 * with `make*Provider`.
 */
@Module({})
export class MetricsModule {
  static forRoot(): DynamicModule {
    // Default metrics register once per process: the in-process tests start three services.
    const defaultsRegistered = register.getSingleMetric('process_cpu_user_seconds_total') !== undefined;
    const prometheus = PrometheusModule.register({
      controller: MetricsController,
      defaultMetrics: { enabled: !defaultsRegistered },
    });
    for (const name of GAUGES_NAMED_AS_COUNTERS) register.removeSingleMetric(name);
    return {
      module: MetricsModule,
      global: true,
      imports: [prometheus],
      providers: sharedMetrics,
      exports: sharedMetrics,
    };
  }
}
