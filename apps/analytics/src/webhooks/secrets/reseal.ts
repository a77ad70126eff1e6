import type { SubscriptionRepository } from '../persistence/subscription.repository.js';
import type { SecretBox } from './secret-box.js';

/**
 * Seals again, under the current WEBHOOK_SECRET_KEY, every secret sealed under a previous one, so
 * that after a key rotation the old key can be dropped from WEBHOOK_SECRET_PREVIOUS_KEYS.
 * Returns how many subscriptions it re-sealed.
 */
export async function resealStaleSecrets(subscriptions: SubscriptionRepository, box: SecretBox): Promise<number> {
  let resealed = 0;
  for (const row of await subscriptions.allSecrets()) {
    const stalePrevious = row.sealed_previous_secret !== null && box.isStale(row.sealed_previous_secret);
    if (!box.isStale(row.sealed_secret) && !stalePrevious) continue;
    const previous = row.sealed_previous_secret === null ? null : box.seal(box.open(row.sealed_previous_secret, row.id), row.id);
    await subscriptions.reseal(row, box.seal(box.open(row.sealed_secret, row.id), row.id), previous);
    resealed++;
  }
  return resealed;
}
