import { randomBytes } from 'node:crypto';
import { parseSealingKey } from '#config';
import { newSigningSecret, SecretBox } from './secret-box.js';

const key = () => parseSealingKey('K', randomBytes(32).toString('base64'), [])!;
const ID = '7d7c8f5e-1f0a-4a55-9f5e-0c2f3c1d9a11';

describe('SecretBox', () => {
  it('opens what it sealed, and the sealed form holds nothing of the secret', () => {
    const box = new SecretBox(key());
    const secret = newSigningSecret();
    const sealed = box.seal(secret, ID);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed, ID)).toBe(secret);
  });

  it('does not open under another key, nor for another subscription', () => {
    const sealed = new SecretBox(key()).seal(newSigningSecret(), ID);
    expect(() => new SecretBox(key()).open(sealed, ID)).toThrow(/neither WEBHOOK_SECRET_KEY/);
    const box = new SecretBox(key());
    expect(() => box.open(box.seal('whsec_x', ID), '00000000-0000-4000-8000-000000000000')).toThrow();
  });

  it('opens a secret sealed under a previous key, and calls it stale until sealed again', () => {
    const old = key();
    const sealed = new SecretBox(old).seal('whsec_abc', ID);
    const rotated = new SecretBox(key(), [old]);
    expect(rotated.open(sealed, ID)).toBe('whsec_abc');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal('whsec_abc', ID))).toBe(false);
  });

  it('makes secrets of 24 random bytes in the Standard Webhooks form', () => {
    expect(newSigningSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newSigningSecret()).not.toBe(newSigningSecret());
  });
});
