import 'reflect-metadata';
import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { httpMetricsMiddleware } from './http-metrics.middleware.js';
import { MetricsModule } from './metrics.module.js';
import { addScrapedSeries, MESSAGES_HANDLED } from './metrics.js';
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
    // Gauges named like counters break Prometheus's naming rules; the per-type gauges carry the same figure.
    expect(res.text).toMatch(/^nodejs_active_handles\{type="\w+"\} \d+$/m);
    expect(res.text).not.toMatch(/_total gauge$/m);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status_code="200"\} 2/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(res.text).not.toContain('/things/a1');
    expect(res.text).toMatch(/messaging_handled_messages_total\{queue="things",outcome="acked"\} 2/);
  });
});

describe('addScrapedSeries', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MetricsModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());

  const config = { name: 'test_queue_messages', help: 'Messages in a queue.', labelNames: ['queue'] };
  const scrape = async () => (await request(app.getHttpServer()).get('/metrics').expect(200)).text;

  it('reads every source when scraped, repeats the last value of a failed read, and drops a removed source', async () => {
    let a = 3;
    let failing = false;
    const removeA = addScrapedSeries(config, { queue: 'a' }, () =>
      failing ? Promise.reject(new Error('down')) : Promise.resolve(a),
    );
    const removeB = addScrapedSeries(config, { queue: 'b' }, () => Promise.resolve(7));
    expect(await scrape()).toMatch(/^test_queue_messages\{queue="a"\} 3\n.*test_queue_messages\{queue="b"\} 7$/ms);
    a = 4;
    expect(await scrape()).toMatch(/^test_queue_messages\{queue="a"\} 4$/m);
    failing = true;
    expect(await scrape()).toMatch(/^test_queue_messages\{queue="a"\} 4$/m);
    removeA();
    expect(await scrape()).not.toMatch(/queue="a"/);
    removeB();
    expect(await scrape()).not.toMatch(/^test_queue_messages\{/m);
  });
});
