import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyGrant, ApiRole, RateLimit } from '#config';
import { PROBLEM_CONTENT_TYPE, ProblemException } from '#http';
import { bearerKey, grantsByDigest, sha256Hex } from '../auth/caller.js';
import { TokenBucket } from './token-bucket.js';

const POLICY = 'per-key';

/**
 * Per-key rate limits (RATE_LIMITS), before the body is read: a key of a limited role that has used
 * its burst is answered 429 with `Retry-After` at once, so one caller flooding the gateway takes only
 * its own share and every other key keeps its pace. Answers carry the IETF `RateLimit-Policy` and
 * `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers). Keys are known from API_KEYS, so the
 * buckets are bounded; a request without a known key passes on to the 401 of the key guard. The
 * buckets are per replica: N gateways let a key through N times as fast.
 */
export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly grants: ReadonlyMap<string, ApiKeyGrant>;

  constructor(
    apiKeys: ReadonlyMap<string, ApiKeyGrant>,
    private readonly limits: ReadonlyMap<ApiRole, RateLimit>,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.grants = grantsByDigest(apiKeys);
  }

  readonly middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    // The tracking routes take no key: one sent along neither spends nor is held to its budget there.
    if (this.limits.size === 0 || req.path.startsWith('/v1/track/')) return next();
    const key = bearerKey(req.headers.authorization);
    const digest = key === undefined ? undefined : sha256Hex(key);
    const grant = digest === undefined ? undefined : this.grants.get(digest);
    const limit = grant && this.limits.get(grant.role);
    if (!digest || !limit) return next();
    let bucket = this.buckets.get(digest);
    if (!bucket) this.buckets.set(digest, (bucket = new TokenBucket(limit, this.clock())));
    const taken = bucket.take(this.clock());
    const window = Math.ceil(limit.burst / limit.perSecond);
    res.setHeader('RateLimit-Policy', `"${POLICY}";q=${limit.burst};w=${window}`);
    res.setHeader('RateLimit', `"${POLICY}";r=${taken.remaining};t=${taken.fullInS}`);
    if (taken.allowed) return next();
    const problem = new ProblemException({
      status: 429,
      detail:
        `This key has used its ${limit.burst} requests at once and ${limit.perSecond} a second of role ${grant.role}; ` +
        `nothing was accepted. Retry after ${taken.retryAfterS} s.`,
    });
    res
      .status(429)
      .set({ 'Retry-After': String(taken.retryAfterS), 'Cache-Control': 'no-store' })
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem.toDocument(req.path)));
  };

  /** Keys holding a bucket: at most the keys of limited roles in API_KEYS. */
  get keysTracked(): number {
    return this.buckets.size;
  }
}
