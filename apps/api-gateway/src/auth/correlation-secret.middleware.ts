import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * The correlation id is logged and travels in every command and event: a client that put an API
 * key there gets a fresh id instead, so the key goes no further than this process.
 */
export function dropCorrelationIdsHoldingSecrets(secrets: Iterable<string>): RequestHandler {
  const keys = [...secrets];
  return (req: Request, _res: Response, next: NextFunction) => {
    const given = req.headers['x-correlation-id'];
    if (typeof given === 'string' && keys.some((key) => given.includes(key))) delete req.headers['x-correlation-id'];
    next();
  };
}
