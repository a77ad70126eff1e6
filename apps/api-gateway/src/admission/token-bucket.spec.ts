import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets a burst through at once, then one request per 1/perSecond, and says when to retry', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    expect([0, 0, 0].map((t) => bucket.take(t).allowed)).toEqual([true, true, true]);
    expect(bucket.take(0)).toEqual({ allowed: false, remaining: 0, retryAfterS: 1, fullInS: 2 });
    expect(bucket.take(400).allowed).toBe(false);
    expect(bucket.take(500)).toMatchObject({ allowed: true, remaining: 0 });
    expect(bucket.take(500).allowed).toBe(false);
  });

  it('refills to its burst and never beyond, however long it was idle', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, 0);
    for (let i = 0; i < 5; i++) bucket.take(0);
    expect(bucket.take(3_600_000)).toMatchObject({ allowed: true, remaining: 4, fullInS: 1 });
    const taken = [1, 2, 3, 4, 5].map(() => bucket.take(3_600_000).allowed);
    expect(taken).toEqual([true, true, true, true, false]);
  });

  it('over a long run lets through perSecond a second, plus the burst', () => {
    const bucket = new TokenBucket({ perSecond: 50, burst: 20 }, 0);
    let allowed = 0;
    for (let t = 0; t <= 10_000; t += 1) if (bucket.take(t).allowed) allowed++;
    expect(allowed).toBe(50 * 10 + 20);
  });
});
