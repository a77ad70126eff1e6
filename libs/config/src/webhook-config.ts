import { createHash } from 'node:crypto';

/** One AES-256 key that encrypts webhook signing secrets at rest, named by a short digest so a row says which key sealed it. */
export interface SealingKey {
  id: string;
  key: Buffer;
}

export interface WebhookConfig {
  /** Seals new secrets; unset: the webhook admin routes answer 503 and nothing is dispatched. */
  sealingKey: SealingKey | undefined;
  /** Earlier keys, only to open secrets not yet re-sealed under the current one (key rotation). */
  previousSealingKeys: readonly SealingKey[];
  /** One attempt, from connecting to the end of the answer's headers. */
  timeoutMs: number;
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
  /** The first retry waits between half of this and all of it; each next one twice as long. */
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** A delivery still failing this long after its first attempt fails for good. */
  retryForMs: number;
  /** A subscription whose deliveries have all failed for this long is disabled. */
  disableAfterMs: number;
  /** Attempts in flight at once to one subscription's endpoint. */
  maxInFlightPerEndpoint: number;
  /** How often the dispatcher looks for due deliveries when nothing wakes it. */
  pollMs: number;
  /** Events older than this, with no delivery still pending, are removed with their deliveries (and out of reach of a replay). */
  retentionMs: number;
}

const KEY_BYTES = 32;

/**
 * A sealing key: 32 bytes as base64 (44 characters) or hex (64). Its id is the first 8 hex digits
 * of its SHA-256, so a rotated-out key is recognised without the key itself being stored.
 */
export function parseSealingKey(name: string, raw: string, problems: string[]): SealingKey | undefined {
  const value = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(value) && key.toString('base64') !== value)) {
    problems.push(`${name} must be ${KEY_BYTES} random bytes as base64 or hex (e.g. openssl rand -base64 32)`);
    return undefined;
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function parseSealingKeys(
  current: string | undefined,
  previous: string | undefined,
  problems: string[],
): Pick<WebhookConfig, 'sealingKey' | 'previousSealingKeys'> {
  const sealingKey = current?.trim() ? parseSealingKey('WEBHOOK_SECRET_KEY', current, problems) : undefined;
  const previousSealingKeys = (previous ?? '')
    .split(',')
    .filter((k) => k.trim())
    .map((k) => parseSealingKey('WEBHOOK_SECRET_PREVIOUS_KEYS entry', k, problems))
    .filter((k): k is SealingKey => k !== undefined);
  if (previousSealingKeys.length && !sealingKey) {
    problems.push(
      'WEBHOOK_SECRET_PREVIOUS_KEYS is set without WEBHOOK_SECRET_KEY: the current key seals, the previous ones only open',
    );
  }
  return { sealingKey, previousSealingKeys };
}
