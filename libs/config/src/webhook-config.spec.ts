import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('webhook configuration', () => {
  it('has the contract’s defaults and no sealing key: webhooks stay off until one is set', () => {
    const { webhooks } = loadConfig({});
    expect(webhooks).toMatchObject({ sealingKey: undefined, timeoutMs: 10_000, allowHttp: false, allowPrivateNetworks: false });
    expect(webhooks.retryForMs).toBeGreaterThanOrEqual(24 * 3_600_000);
  });

  it('reads a 32-byte key as base64 or hex, names it by a digest, and keeps previous keys for opening only', () => {
    const current = randomBytes(32);
    const previous = randomBytes(32);
    const { webhooks } = loadConfig({
      WEBHOOK_SECRET_KEY: current.toString('base64'),
      WEBHOOK_SECRET_PREVIOUS_KEYS: previous.toString('hex'),
    });
    expect(webhooks.sealingKey?.key.equals(current)).toBe(true);
    expect(webhooks.sealingKey?.id).toMatch(/^[0-9a-f]{8}$/);
    expect(webhooks.previousSealingKeys.map((k) => k.key.toString('hex'))).toEqual([previous.toString('hex')]);
  });

  it.each([
    ['a short key', { WEBHOOK_SECRET_KEY: randomBytes(16).toString('base64') }, /^WEBHOOK_SECRET_KEY must be 32 random bytes/],
    ['a key that is not base64', { WEBHOOK_SECRET_KEY: 'not a key at all, not even close to one!!!!' }, /^WEBHOOK_SECRET_KEY/],
    [
      'previous keys without a current one',
      { WEBHOOK_SECRET_PREVIOUS_KEYS: randomBytes(32).toString('hex') },
      /without WEBHOOK_SECRET_KEY/,
    ],
    ['a flag that is not true or false', { WEBHOOK_ALLOW_HTTP: 'yes' }, /^WEBHOOK_ALLOW_HTTP must be true or false/],
    ['a timeout of 0', { WEBHOOK_TIMEOUT_MS: '0' }, /^WEBHOOK_TIMEOUT_MS/],
    ['a first retry later than 10 seconds', { WEBHOOK_RETRY_BASE_MS: '20000' }, /^WEBHOOK_RETRY_BASE_MS/],
  ])('refuses %s, naming the variable', (_label, env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(message)]);
  });
});
