import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { correlationIdMiddleware } from '#http';
import { LoggingModule } from './logging.module.js';

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return { ok: true };
  }
}

describe('request logs', () => {
  let app: INestApplication;
  const lines: Record<string, unknown>[] = [];
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot('test-service', 'info')],
      controllers: [PingController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(correlationIdMiddleware);
    await app.init();
  });
  afterAll(() => app.close());

  it('writes one JSON line per request with the service, the correlation id and no credentials', async () => {
    process.stdout.write = ((chunk: string | Uint8Array) => {
      const text = chunk.toString();
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Record<string, unknown>);
      return true;
    }) as typeof process.stdout.write;
    try {
      await request(app.getHttpServer())
        .get('/ping')
        .set('X-Correlation-Id', 'corr-42')
        .set('Authorization', 'Bearer secret-key');
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.stdout.write = write;
    }
    const line = lines.find((l) => (l.req as { url?: string } | undefined)?.url === '/ping');
    expect(line).toMatchObject({ service: 'test-service', correlationId: 'corr-42', res: { statusCode: 200 }, level: 'info' });
    expect(JSON.stringify(line)).not.toContain('secret-key');
  });
});
