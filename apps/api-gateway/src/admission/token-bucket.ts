import type { RateLimit } from '#config';

/** A token bucket: `burst` tokens at most, refilled at `perSecond`; one request takes one. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.at = now;
  }

  /** Takes a token if there is one; either way, what is left and when. */
  take(now: number): { allowed: boolean; remaining: number; retryAfterS: number; fullInS: number } {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.at) / 1000) * this.limit.perSecond);
    this.at = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    return {
      allowed,
      remaining: Math.floor(this.tokens),
      retryAfterS: allowed ? 0 : Math.ceil((1 - this.tokens) / this.limit.perSecond),
      fullInS: Math.ceil((this.limit.burst - this.tokens) / this.limit.perSecond),
    };
  }
}
