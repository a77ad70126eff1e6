import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { MetricsModule } from '../metrics/metrics.module.js';
import { HealthModule } from './health.module.js';

describe('service_ready', () => {
  let app: INestApplication;
  let brokerUp = true;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MetricsModule.forRoot(),
        HealthModule.forChecks({
          useFactory: () => [
            { name: 'postgres', probe: () => Promise.resolve() },
            { name: 'rabbitmq', probe: () => (brokerUp ? Promise.resolve() : Promise.reject(new Error('not connected'))) },
          ],
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());

  const ready = async () => /^service_ready (\d)$/m.exec((await request(app.getHttpServer()).get('/metrics')).text)?.[1];

  it('is 1 while /health/ready answers 200 and 0 while a dependency fails it', async () => {
    expect(await ready()).toBe('1');
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    brokerUp = false;
    expect(await ready()).toBe('0');
    await request(app.getHttpServer()).get('/health/ready').expect(503);
    brokerUp = true;
    expect(await ready()).toBe('1');
  });
});
