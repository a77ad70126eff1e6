import { messagesHandled } from '#observability';

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Messages of `queue` the in-process consumers have acknowledged so far (the shared metrics registry). */
export async function ackedOn(queue: string): Promise<number> {
  return (await messagesHandled.get()).values
    .filter((v) => v.labels.queue === queue && v.labels.outcome === 'acked')
    .reduce((sum, v) => sum + v.value, 0);
}
