import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';

/**
 * The correlation id is logged and travels in every command and event: a client that put an API
 * key there gets a fresh id instead, so the key goes no further than this process.
 */
export function dropCorrelationIdsHoldingSecrets(secrets: Iterable<string>): RequestHandler {
  const drop = correlationIdSecretDropper(secrets);
  return (req: Request, _res: Response, next: NextFunction) => {
    drop(req);
    next();
  };
}

/** The same, for a request answered before the app sees it. */
export function correlationIdSecretDropper(secrets: Iterable<string>): (req: IncomingMessage) => void {
  const keys = [...secrets];
  return (req) => {
    const given = req.headers['x-correlation-id'];
    if (typeof given === 'string' && keys.some((key) => given.includes(key))) delete req.headers['x-correlation-id'];
  };
}
