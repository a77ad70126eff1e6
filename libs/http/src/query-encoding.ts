import type { NextFunction, Request, Response } from 'express';
import { unescape } from 'node:querystring';
import { ProblemException } from './problem.js';

const decodes = (text: string): boolean => {
  try {
    decodeURIComponent(text.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
};

/**
 * Every query parameter must percent-decode to UTF-8 text. The query parser would otherwise
 * turn bad bytes (`%ED%A0%80`, `%C3%28`) into U+FFFD and a filter would run on altered text.
 */
export function requireDecodableQuery(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url ?? '';
  const start = url.indexOf('?');
  if (start >= 0) {
    for (const pair of url.slice(start + 1).split('&')) {
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      if (decodes(name) && decodes(value)) continue;
      const field = unescape(name).slice(0, 100);
      next(
        ProblemException.validation(
          [{ field, message: `${field} is not percent-encoded UTF-8` }],
          `Query parameter ${field} is not percent-encoded UTF-8.`,
        ),
      );
      return;
    }
  }
  next();
}
