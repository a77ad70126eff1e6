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
    return {
      module: MetricsModule,
      global: true,
      imports: [
        PrometheusModule.register({
          controller: MetricsController,
          defaultMetrics: { enabled: !defaultsRegistered },
        }),
      ],
      providers: sharedMetrics,
      exports: sharedMetrics,
    };
  }
}
