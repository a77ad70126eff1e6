import type { WebhookConfig } from '#config';
import type { AttemptOutcome } from '../persistence/delivery.repository.js';

/** What one POST came to: an HTTP answer, or no answer (timeout, connection error), or an address refused. */
export type HttpResult = { statusCode: number; retryAfter?: string; snippet?: string } | { error: string; retryable: boolean };

export type RetryPolicy = Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxDelayMs' | 'retryForMs'>;

/** Exponential backoff with jitter: attempt n waits between half of base·2^(n-1) and all of it, at most the maximum. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.retryMaxDelayMs, policy.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After` as seconds or as an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const RETRIED_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * The contract's rules: 2xx delivered; 408, 429, 5xx, timeouts and connection errors retried
 * (honouring Retry-After on 429 and 503) until `retryForMs` after the first attempt; 410 disables
 * the subscription; any other answer (other 4xx, and 3xx: redirects are not followed) fails at once.
 */
export function outcomeOf(
  result: HttpResult,
  attempt: { attempts: number; firstAttemptAt: number },
  policy: RetryPolicy,
  now: number,
  random?: () => number,
): AttemptOutcome {
  if ('error' in result) {
    return retryOrFail(null, result.error, result.retryable, undefined, attempt, policy, now, random);
  }
  const { statusCode } = result;
  const described = `HTTP ${statusCode}${result.snippet ? `: ${result.snippet}` : ''}`;
  if (statusCode >= 200 && statusCode < 300) return { kind: 'delivered', statusCode };
  if (statusCode === 410) return { kind: 'gone', statusCode, error: 'the endpoint answered 410 Gone' };
  const honoured = statusCode === 429 || statusCode === 503 ? retryAfterMs(result.retryAfter, now) : undefined;
  return retryOrFail(statusCode, described, RETRIED_STATUS(statusCode), honoured, attempt, policy, now, random);
}

function retryOrFail(
  statusCode: number | null,
  error: string,
  retryable: boolean,
  retryAfter: number | undefined,
  attempt: { attempts: number; firstAttemptAt: number },
  policy: RetryPolicy,
  now: number,
  random?: () => number,
): AttemptOutcome {
  if (!retryable) return { kind: 'failed', statusCode, error };
  if (now - attempt.firstAttemptAt >= policy.retryForMs) {
    return { kind: 'failed', statusCode, error: `retried for ${Math.round(policy.retryForMs / 60_000)} min; last: ${error}` };
  }
  const delayMs = Math.min(retryAfter ?? backoffMs(attempt.attempts, policy, random), policy.retryForMs);
  return { kind: 'retry', statusCode, error, delayMs };
}
