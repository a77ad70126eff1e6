import { Logger } from '@nestjs/common';
import type { ApiKeyGrant, ApiRole, RateLimit } from '#config';
import type { RefuseEarly } from '#http';
import { bearerKey, grantsByDigest, sha256Hex } from '../auth/caller.js';
import { TokenBucket } from './token-bucket.js';

const POLICY = 'per-key';

/** A key being refused is logged at most once this often, with the count since: a flood must not flood the log. */
export const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** What the log says of a key being refused: `actor` as the history records it, never the key. */
export interface RefusalReport {
  actor: string;
  refused: number;
  /** Since the previous line about this key; undefined for the first. */
  sinceMs: number | undefined;
}

const logger = new Logger('RateLimits');
const logRefusals = ({ actor, refused, sinceMs }: RefusalReport) =>
  logger.warn(
    `${actor}: ${refused} request${refused === 1 ? '' : 's'} refused over its rate limit` +
      (sinceMs === undefined ? '' : ` in the last ${(sinceMs / 1000).toFixed(0)} s`),
  );

/**
 * Per-key rate limits (RATE_LIMITS), before the body is read and before any other middleware (on the
 * raw server, `refuseBeforeApp`): a key of a limited role that has used its burst is answered 429
 * with `Retry-After` at once, so one caller flooding the gateway takes only its own share and every
 * other key keeps its pace. Answers carry the IETF `RateLimit-Policy` and
 * `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers). Keys are known from API_KEYS, so the
 * buckets are bounded; a request without a known key passes on to the 401 of the key guard. The
 * buckets are per replica: N gateways let a key through N times as fast. Refusals are not request
 * log lines (a flood would flood the log): a key being refused gets one warning at its first refusal
 * and then at most one every 10 s, with the count since the last.
 */
export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly refusals = new Map<string, { count: number; loggedAt: number | undefined }>();
  private readonly grants: ReadonlyMap<string, ApiKeyGrant>;

  constructor(
    apiKeys: ReadonlyMap<string, ApiKeyGrant>,
    private readonly limits: ReadonlyMap<ApiRole, RateLimit>,
    private readonly clock: () => number = () => performance.now(),
    private readonly report: (refusals: RefusalReport) => void = logRefusals,
  ) {
    this.grants = grantsByDigest(apiKeys);
  }

  /** For `refuseBeforeApp`: a key past its budget is refused there, ahead of the whole middleware pipeline. */
  readonly refusal: RefuseEarly = (req, res, path) => {
    // The tracking routes take no key: one sent along neither spends nor is held to its budget there.
    if (this.limits.size === 0 || path.startsWith('/v1/track/')) return undefined;
    const key = bearerKey(req.headers.authorization);
    const digest = key === undefined ? undefined : sha256Hex(key);
    const grant = digest === undefined ? undefined : this.grants.get(digest);
    const limit = grant && this.limits.get(grant.role);
    if (!digest || !limit) return undefined;
    let bucket = this.buckets.get(digest);
    if (!bucket) this.buckets.set(digest, (bucket = new TokenBucket(limit, this.clock())));
    const now = this.clock();
    const taken = bucket.take(now);
    const window = Math.ceil(limit.burst / limit.perSecond);
    const policy = `"${POLICY}";q=${limit.burst};w=${window}`;
    const state = `"${POLICY}";r=${taken.remaining};t=${taken.fullInS}`;
    if (taken.allowed) {
      res.setHeader('RateLimit-Policy', policy);
      res.setHeader('RateLimit', state);
      return undefined;
    }
    this.noteRefusal(digest, grant.role, now);
    return {
      status: 429,
      detail:
        `This key has used its ${limit.burst} requests at once and ${limit.perSecond} a second of role ${grant.role}; ` +
        `nothing was accepted. Retry after ${taken.retryAfterS} s.`,
      headers: {
        'RateLimit-Policy': policy,
        RateLimit: state,
        'Retry-After': String(taken.retryAfterS),
        'Cache-Control': 'no-store',
      },
    };
  };

  private noteRefusal(digest: string, role: ApiRole, now: number): void {
    let seen = this.refusals.get(digest);
    if (!seen) this.refusals.set(digest, (seen = { count: 0, loggedAt: undefined }));
    seen.count++;
    if (seen.loggedAt !== undefined && now - seen.loggedAt < REFUSAL_LOG_INTERVAL_MS) return;
    this.report({
      actor: `${role}:${digest.slice(0, 8)}`,
      refused: seen.count,
      sinceMs: seen.loggedAt === undefined ? undefined : now - seen.loggedAt,
    });
    seen.count = 0;
    seen.loggedAt = now;
  }

  /** Keys holding a bucket: at most the keys of limited roles in API_KEYS. */
  get keysTracked(): number {
    return this.buckets.size;
  }
}
