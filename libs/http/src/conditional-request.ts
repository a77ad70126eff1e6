import type { NextFunction, Request, Response } from 'express';

/**
 * Express answers 304 through the `fresh` package, which follows a cache's rules: it ignores
 * `If-None-Match` under `Cache-Control: no-cache` and lets `If-Modified-Since` overrule it. An
 * origin server evaluates `If-None-Match` alone whenever it is present (RFC 9110 13.1.2, 13.2.2),
 * so those two are dropped from such a request before anything reads them.
 */
export function ifNoneMatchAlone(req: Request, _res: Response, next: NextFunction): void {
  if (req.headers['if-none-match'] !== undefined) {
    delete req.headers['if-modified-since'];
    delete req.headers['cache-control'];
  }
  next();
}
