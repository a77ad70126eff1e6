import type { SubscriptionRepository } from '../persistence/subscription.repository.js';
import type { SecretBox } from './secret-box.js';

/**
 * Seals again, under the current WEBHOOK_SECRET_KEY, every secret sealed under a previous one, so
 * that after a key rotation the old key can be dropped from WEBHOOK_SECRET_PREVIOUS_KEYS.
 * Returns how many it re-sealed, and the subscriptions whose secrets no key it has opens.
 */
export async function resealStaleSecrets(
  subscriptions: SubscriptionRepository,
  box: SecretBox,
): Promise<{ resealed: number; unopenable: string[] }> {
  let resealed = 0;
  const unopenable: string[] = [];
  for (const row of await subscriptions.allSecrets()) {
    const stalePrevious = row.sealed_previous_secret !== null && box.isStale(row.sealed_previous_secret);
    if (!box.isStale(row.sealed_secret) && !stalePrevious) continue;
    let sealed: string;
    let previous: string | null;
    try {
      sealed = box.seal(box.open(row.sealed_secret, row.id), row.id);
      previous = row.sealed_previous_secret === null ? null : box.seal(box.open(row.sealed_previous_secret, row.id), row.id);
    } catch {
      // Under a key this replica was not given: another replica may have it, or an admin rotates the secret.
      unopenable.push(row.id);
      continue;
    }
    await subscriptions.reseal(row, sealed, previous);
    resealed++;
  }
  return { resealed, unopenable };
}
