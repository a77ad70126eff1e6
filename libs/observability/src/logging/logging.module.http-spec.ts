import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { correlationIdMiddleware } from '#http';
import { eventually } from '#test-support/wait.js';
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
  let capturing = false;

  beforeAll(async () => {
    // In place before the logger is made: pino writes through process.stdout only when its write has been
    // replaced (as jest's own process does), and straight to file descriptor 1 otherwise (as a jest worker's
    // does), where no capture sees it.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = chunk.toString();
      if (!capturing) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Record<string, unknown>);
      return true;
    }) as typeof process.stdout.write;
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot('test-service', 'info', { secrets: ['known-secret-key'] })],
      controllers: [PingController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(correlationIdMiddleware);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    process.stdout.write = write;
  });

  /** The lines written while `send` runs, until the request's own line (its URL starting `/ping`) is among them. */
  const capture = async (send: () => PromiseLike<unknown>) => {
    capturing = true;
    try {
      const before = lines.length;
      await send();
      // The line is written when the response has finished, which a busy machine can put after the client has it.
      await eventually(
        () => lines.slice(before).some((l) => String((l.req as { url?: string } | undefined)?.url).startsWith('/ping')),
        'the request log line',
        5_000,
        10,
      );
    } finally {
      capturing = false;
    }
  };

  it('writes one JSON line per request with the service, the correlation id and no credentials', async () => {
    await capture(() =>
      request(app.getHttpServer()).get('/ping').set('X-Correlation-Id', 'corr-42').set('Authorization', 'Bearer secret-key'),
    );
    const line = lines.find((l) => (l.req as { url?: string } | undefined)?.url === '/ping');
    expect(line).toMatchObject({ service: 'test-service', correlationId: 'corr-42', res: { statusCode: 200 }, level: 'info' });
    expect(JSON.stringify(line)).not.toContain('secret-key');
  });

  it('logs the URL with keys redacted, wherever in it the client put them', async () => {
    await capture(() => request(app.getHttpServer()).get('/ping?api_key=guessed-key&x=known-secret-key&n=1'));
    const line = lines.find((l) => String((l.req as { url?: string } | undefined)?.url).startsWith('/ping?'));
    expect(line?.req).toEqual({ method: 'GET', url: '/ping?api_key=[REDACTED]&x=[REDACTED]&n=1' });
    expect(JSON.stringify(lines)).not.toMatch(/guessed-key|known-secret-key/);
  });
});
