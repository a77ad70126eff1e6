import { type LoggerOptions, stdTimeFunctions } from 'pino';

/** One line format for every log a service writes, before and after Nest's DI is up. */
export const pinoOptions = (service: string, level: string): LoggerOptions => ({
  level,
  base: { service },
  timestamp: stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});
