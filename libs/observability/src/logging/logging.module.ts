import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import { Logger, LoggerModule } from 'nestjs-pino';
import { correlationIdOf } from '#http';
import { pinoOptions } from './pino-options.js';
import { redactUrl } from './redact-url.js';

const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

export interface LoggingOptions {
  /** Values never to be logged (the API keys), wherever a client puts them in a URL. */
  secrets?: Iterable<string>;
}

/**
 * Structured JSON logs (pino): one line per HTTP request, carrying the request's correlation id,
 * the same id that travels on in every command, reply and event the request causes. No header but
 * the correlation id is logged, and the URL only with its credentials redacted (./redact-url.ts).
 */
@Module({})
export class LoggingModule {
  static forRoot(service: string, level: string, options: LoggingOptions = {}): DynamicModule {
    const secrets = [...(options.secrets ?? [])];
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            ...pinoOptions(service, level),
            genReqId: (req: IncomingMessage) => correlationIdOf(req as Request),
            customProps: (req: IncomingMessage) => ({ correlationId: correlationIdOf(req as Request) }),
            autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url?.split('?')[0] ?? '') },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url, secrets) }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

/** Hands Nest's own logging (microservice connections, shutdown) to the DI-configured nestjs-pino logger. */
export function useJsonLogger(app: INestApplication): void {
  app.useLogger(app.get(Logger));
}
