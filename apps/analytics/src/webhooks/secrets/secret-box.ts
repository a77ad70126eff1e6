import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealingKey } from '#config';

const FORMAT = 'v1';
const IV_BYTES = 12;

/**
 * Seals signing secrets with AES-256-GCM under WEBHOOK_SECRET_KEY, so the database alone (a dump, a
 * replica, a backup) cannot sign. A sealed value reads `v1.<key id>.<iv>.<tag>.<ciphertext>`; the
 * subscription id is the additional data, so a sealed secret copied to another row does not open.
 */
export class SecretBox {
  constructor(
    private readonly current: SealingKey,
    private readonly previous: readonly SealingKey[] = [],
  ) {}

  seal(secret: string, subscriptionId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      this.current.id,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      ciphertext.toString('base64'),
    ].join('.');
  }

  open(sealed: string, subscriptionId: string): string {
    const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
    const key = [this.current, ...this.previous].find((k) => k.id === keyId);
    if (format !== FORMAT || !key || !iv || !tag || ciphertext === undefined) {
      throw new Error(
        `a webhook secret is sealed with key ${keyId}, which is neither WEBHOOK_SECRET_KEY nor one of the previous keys`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(subscriptionId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Sealed under an earlier key: to be sealed again under the current one. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export const newSigningSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;
