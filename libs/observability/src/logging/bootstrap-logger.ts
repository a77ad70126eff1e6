import type { LoggerService } from '@nestjs/common';
import { pino } from 'pino';
import { pinoOptions } from './pino-options.js';

/**
 * Nest's logger while a service starts, before the DI-configured nestjs-pino logger exists: the same
 * JSON line format and level, so the first lines (and a start-up that fails, e.g. no database) are
 * JSON too. `useJsonLogger` swaps in the request-aware logger once the app is built.
 */
export function bootstrapLogger(service: string, level: string): LoggerService {
  const logger = pino(pinoOptions(service, level));
  const write =
    (method: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal') =>
    (message: unknown, ...rest: unknown[]) => {
      const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
      const [detail] = rest;
      if (message instanceof Error) logger[method]({ context, err: message }, message.message);
      else if (typeof message === 'object' && message !== null) logger[method]({ context, ...message });
      else logger[method]({ context, ...(detail === undefined ? {} : { detail }) }, String(message));
    };
  return {
    log: write('info'),
    error: write('error'),
    warn: write('warn'),
    debug: write('debug'),
    verbose: write('trace'),
    fatal: write('fatal'),
  };
}

/** Runs a service's start-up; a start that fails is logged as one JSON line and exits with 1. */
export async function startService(service: string, level: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    bootstrapLogger(service, level).fatal?.(error, 'bootstrap');
    process.exit(1);
  }
}
