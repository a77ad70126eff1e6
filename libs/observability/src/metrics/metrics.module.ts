import { Controller, type DynamicModule, Get, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { Public } from '#http';
import { startDefaultMetrics } from './metrics.js';

/*
 * Served straight from prom-client's registry: @willsoto/nestjs-prometheus is CommonJS and
 * require()s the ESM-only @nestjs/common 12, which jest cannot load on Node 20.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return register.metrics();
  }
}

/** `GET /metrics` in Prometheus text format, open without a key. */
@Module({})
export class MetricsModule {
  static forRoot(): DynamicModule {
    startDefaultMetrics();
    return { module: MetricsModule, controllers: [MetricsController] };
  }
}
