import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics.js';

/**
 * Times every request by its route template (`/v1/orders/:id`, never the raw path, which would
 * make one series per order), including requests refused before a controller ran.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpRequestDuration.startTimer();
  res.once('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    end({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status_code: res.statusCode });
  });
  next();
}
