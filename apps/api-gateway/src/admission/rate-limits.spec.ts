import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from '#config';
import { sha256Hex } from '../auth/caller.js';
import { RateLimits, REFUSAL_LOG_INTERVAL_MS, type RefusalReport } from './rate-limits.js';

const KEY = 'spec-channel-key-0001';

describe('RateLimits refusal log', () => {
  it('reports a refused key at its first refusal, then at most once an interval with the count since', () => {
    const config = loadConfig({ API_KEYS: `channel:${KEY}`, RATE_LIMITS: 'channel:1/1' });
    let now = 0;
    const reports: RefusalReport[] = [];
    const limits = new RateLimits(
      config.apiKeys,
      config.rateLimits,
      () => now,
      (r) => reports.push(r),
    );
    const req = { headers: { authorization: `Bearer ${KEY}` } } as IncomingMessage;
    const res = { setHeader: () => res } as unknown as ServerResponse;
    const statuses = () => limits.refusal(req, res, '/v1/orders')?.status ?? 200;

    expect([statuses(), statuses(), statuses()]).toEqual([200, 429, 429]);
    const actor = `channel:${sha256Hex(KEY).slice(0, 8)}`;
    expect(reports).toEqual([{ actor, refused: 1, sinceMs: undefined }]);

    now = REFUSAL_LOG_INTERVAL_MS - 1;
    expect(statuses()).toBe(200); // the bucket refilled
    for (let i = 0; i < 5; i++) statuses();
    expect(reports).toHaveLength(1);
    now = REFUSAL_LOG_INTERVAL_MS;
    statuses();
    expect(reports[1]).toEqual({ actor, refused: 7, sinceMs: REFUSAL_LOG_INTERVAL_MS });
    expect(JSON.stringify(reports)).not.toContain(KEY);
  });
});
