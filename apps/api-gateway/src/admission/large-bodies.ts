import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemException } from '#http';

/** A body this large is a whole order or more: parsing it holds the event loop for milliseconds. */
export const LARGE_BODY_BYTES = 64 * 1024;
/** Large bodies one key may have in flight at once; far more than a channel posting its orders needs. */
export const LARGE_BODIES_PER_KEY = 4;
export const RETRY_AFTER_LARGE_BODIES_S = 1;

/**
 * Bounds how many large bodies each key has in flight, before any is read: one caller sending a
 * hundred large bodies at once is answered 429 for all but a few, at once, instead of having every
 * one of them parsed while other callers wait behind the parsing. Counted by the credential as sent
 * (an unknown one is refused with 401 later, as ever); a body without a declared length counts as large.
 */
export class LargeBodies {
  private readonly inFlight = new Map<string, number>();

  readonly middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const length = req.headers['content-length'];
    const large = length === undefined ? req.headers['transfer-encoding'] !== undefined : Number(length) > LARGE_BODY_BYTES;
    if (!large) return next();
    const key = req.headers.authorization ?? '';
    const held = this.inFlight.get(key) ?? 0;
    if (held >= LARGE_BODIES_PER_KEY) return refuse(req, res);
    this.inFlight.set(key, held + 1);
    res.once('close', () => {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    });
    next();
  };

  /** Keys with a large body in flight; none once every response has ended. */
  get keysInFlight(): number {
    return this.inFlight.size;
  }
}

function refuse(req: Request, res: Response): void {
  const problem = new ProblemException({
    status: 429,
    detail: `This key already has ${LARGE_BODIES_PER_KEY} request bodies over ${LARGE_BODY_BYTES / 1024} KB in flight; nothing was accepted. Retry when one has been answered.`,
  });
  res
    .status(429)
    .set({ 'Retry-After': String(RETRY_AFTER_LARGE_BODIES_S), 'Cache-Control': 'no-store', Connection: 'close' })
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toDocument(req.path)));
}
