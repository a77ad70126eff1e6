import 'reflect-metadata';
import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { httpMetricsMiddleware } from './http-metrics.middleware.js';
import { MetricsModule } from './metrics.module.js';
import { MESSAGES_HANDLED } from './metrics.js';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';

@Controller('things')
class ThingsController {
  constructor(@InjectMetric(MESSAGES_HANDLED.name) private readonly handled: Counter<'queue' | 'outcome'>) {}

  @Get(':id')
  get(@Param('id') id: string) {
    this.handled.inc({ queue: 'things', outcome: 'acked' });
    return { id };
  }
}

describe('GET /metrics', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule.forRoot()],
      controllers: [ThingsController],
    }).compile();
    app = moduleRef.createNestApplication();
    app.use(httpMetricsMiddleware);
    await app.init();
  });
  afterAll(() => app.close());

  it('exposes process metrics, injected metric providers and request durations by route template, not by raw path', async () => {
    await request(app.getHttpServer()).get('/things/a1').expect(200);
    await request(app.getHttpServer()).get('/things/b2').expect(200);
    await request(app.getHttpServer()).get('/nothing-here').expect(404);
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toContain(`nodejs_version_info{version="${process.version}"`);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status_code="200"\} 2/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(res.text).not.toContain('/things/a1');
    expect(res.text).toMatch(/messaging_handled_messages_total\{queue="things",outcome="acked"\} 2/);
  });
});
