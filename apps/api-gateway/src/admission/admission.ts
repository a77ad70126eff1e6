import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemException, ProblemTypes } from '#http';

/** What the gateway needs to know of its broker connection: every API route goes through it. */
export interface BrokerState {
  isConnected(): boolean;
}

/** Seconds a client should wait: the broker reconnects within seconds; a full gateway frees up within one. */
export const RETRY_AFTER_BROKER_DOWN_S = 5;
export const RETRY_AFTER_OVERLOAD_S = 1;

const TRACKING_STREAM = /^\/v1\/track\/[^/]+\/stream$/;

/**
 * Load shedding before anything is read or sent on: an API request arriving while the broker is
 * unreachable, or while `limit` requests are already in flight, gets a 503 with Retry-After at once,
 * so a retry is always safe. Long-lived streams are not counted: they hold no work while open.
 */
export class Admission {
  private inFlight = 0;

  constructor(
    private readonly limit: number,
    private readonly broker: BrokerState,
  ) {}

  get current(): number {
    return this.inFlight;
  }

  readonly middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/v1/')) return next();
    if (!this.broker.isConnected()) {
      return refuse(req, res, RETRY_AFTER_BROKER_DOWN_S, 'The message broker is unreachable; nothing was accepted. Retry later.');
    }
    if (req.path === '/v1/stream' || TRACKING_STREAM.test(req.path)) return next();
    if (this.inFlight >= this.limit) {
      return refuse(
        req,
        res,
        RETRY_AFTER_OVERLOAD_S,
        'The gateway is at its limit of requests in flight; nothing was accepted. Retry shortly.',
      );
    }
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    next();
  };
}

function refuse(req: Request, res: Response, retryAfterSeconds: number, detail: string): void {
  const problem = new ProblemException({ status: 503, type: ProblemTypes.serviceUnavailable, detail });
  res
    .status(503)
    .set({ 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' })
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toDocument(req.path)));
}
