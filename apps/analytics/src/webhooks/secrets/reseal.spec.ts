import { randomBytes } from 'node:crypto';
import { parseSealingKey } from '#config';
import type { SealedSecrets, SubscriptionRepository } from '../persistence/subscription.repository.js';
import { resealStaleSecrets } from './reseal.js';
import { SecretBox } from './secret-box.js';

const key = () => parseSealingKey('K', randomBytes(32).toString('hex'), [])!;
const ID = '2c1f7a3e-5d4b-4c8a-9e6f-1a2b3c4d5e6f';

/** The two statements resealing uses, over rows in memory. */
function repositoryOf(rows: SealedSecrets[]) {
  return {
    allSecrets: () => Promise.resolve(rows.map((r) => ({ ...r }))),
    reseal: (row: SealedSecrets, sealed: string, previous: string | null) => {
      const target = rows.find((r) => r.id === row.id && r.sealed_secret === row.sealed_secret);
      if (target) Object.assign(target, { sealed_secret: sealed, sealed_previous_secret: previous });
      return Promise.resolve();
    },
  } as unknown as SubscriptionRepository;
}

describe('resealStaleSecrets', () => {
  it('seals every secret under an old key again under the current one, so the old key can go', async () => {
    const [old, current] = [key(), key()];
    const before = new SecretBox(old);
    const rows: SealedSecrets[] = [
      {
        id: ID,
        sealed_secret: before.seal('whsec_new', ID),
        sealed_previous_secret: before.seal('whsec_old', ID),
        previous_secret_until: new Date(),
      },
    ];
    const box = new SecretBox(current, [old]);
    expect(await resealStaleSecrets(repositoryOf(rows), box)).toEqual({ resealed: 1, unopenable: [] });
    const withoutOldKey = new SecretBox(current);
    expect(withoutOldKey.open(rows[0].sealed_secret, ID)).toBe('whsec_new');
    expect(withoutOldKey.open(rows[0].sealed_previous_secret!, ID)).toBe('whsec_old');
    expect(await resealStaleSecrets(repositoryOf(rows), box)).toEqual({ resealed: 0, unopenable: [] });
  });

  it('leaves a secret under a key it was not given as it is, and names its subscription', async () => {
    const rows: SealedSecrets[] = [
      {
        id: ID,
        sealed_secret: new SecretBox(key()).seal('whsec_x', ID),
        sealed_previous_secret: null,
        previous_secret_until: null,
      },
    ];
    const sealed = rows[0].sealed_secret;
    expect(await resealStaleSecrets(repositoryOf(rows), new SecretBox(key()))).toEqual({ resealed: 0, unopenable: [ID] });
    expect(rows[0].sealed_secret).toBe(sealed);
  });
});
