import { backoffMs, outcomeOf, retryAfterMs } from './retry-policy.js';

const policy = { retryBaseMs: 5_000, retryMaxDelayMs: 3_600_000, retryForMs: 24 * 3_600_000 };
const NOW = Date.parse('2026-12-01T12:00:00Z');
const first = { attempts: 1, firstAttemptAt: NOW };

describe('retry policy', () => {
  it('retries first within 10 seconds, then doubles with jitter up to the maximum', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(2_500);
    expect(backoffMs(1, policy, () => 1)).toBe(5_000);
    expect(backoffMs(2, policy, () => 1)).toBe(10_000);
    expect(backoffMs(40, policy, () => 1)).toBe(3_600_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffMs(3, policy)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('keeps retrying for the whole window, then fails', () => {
    expect(outcomeOf({ statusCode: 500 }, { attempts: 30, firstAttemptAt: NOW - 23 * 3_600_000 }, policy, NOW).kind).toBe(
      'retry',
    );
    const late = outcomeOf({ statusCode: 500 }, { attempts: 31, firstAttemptAt: NOW - 24 * 3_600_000 }, policy, NOW);
    expect(late).toMatchObject({ kind: 'failed', statusCode: 500, error: expect.stringMatching(/^retried for 1440 min/) });
  });

  it.each([
    [{ statusCode: 200 }, 'delivered'],
    [{ statusCode: 204 }, 'delivered'],
    [{ statusCode: 408 }, 'retry'],
    [{ statusCode: 429 }, 'retry'],
    [{ statusCode: 500 }, 'retry'],
    [{ statusCode: 503 }, 'retry'],
    [{ error: 'timed out after 10000 ms', retryable: true }, 'retry'],
    [{ error: 'connect ECONNREFUSED', retryable: true }, 'retry'],
    [{ statusCode: 410 }, 'gone'],
    [{ statusCode: 400 }, 'failed'],
    [{ statusCode: 404 }, 'failed'],
    [{ statusCode: 302 }, 'failed'],
    [{ error: 'resolves to a private address', retryable: false }, 'failed'],
  ] as const)('%j is %s', (result, kind) => {
    expect(outcomeOf(result, first, policy, NOW).kind).toBe(kind);
  });

  it('honours Retry-After on 429 and 503, as seconds or a date', () => {
    expect(outcomeOf({ statusCode: 429, retryAfter: '120' }, first, policy, NOW)).toMatchObject({
      kind: 'retry',
      delayMs: 120_000,
    });
    const date = new Date(NOW + 30_000).toUTCString();
    expect(outcomeOf({ statusCode: 503, retryAfter: date }, first, policy, NOW)).toMatchObject({
      kind: 'retry',
      delayMs: 30_000,
    });
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
  });
});
