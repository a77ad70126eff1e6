import { messagesHandled } from '#observability';

/**
 * Runs `check` until it holds and returns what it returned: a check holds when it neither throws nor
 * returns `false`, so it may be a condition (`true`), a probe (the value it found, `false` until
 * then) or a block of `expect`s. Fails naming `what` (or what it returns then) after `timeoutMs`,
 * with the last failure of the check. Absence is proven the same way: wait for a later thing that must come after it.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string | (() => string),
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<Exclude<T, false>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await check();
      if (value !== false) return value as Exclude<T, false>;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > until) {
      const last = failure instanceof Error ? `\n${failure.message}` : '';
      const named = typeof what === 'function' ? what() : what;
      throw new Error(`${named}: not within ${timeoutMs / 1000} s${last}`, { cause: failure });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Messages of `queue` the in-process consumers have acknowledged so far (the shared metrics registry). */
export async function ackedOn(queue: string): Promise<number> {
  return (await messagesHandled.get()).values
    .filter((v) => v.labels.queue === queue && v.labels.outcome === 'acked')
    .reduce((sum, v) => sum + v.value, 0);
}
