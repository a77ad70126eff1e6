import type { HostileCase } from './hostile-cases.js';

/**
 * Tracking links under fire: each is the one 404 every link that shows nothing gets, naming the
 * token. They go with a key, which changes nothing on these routes and must not be echoed.
 */
const track = (name: string, token: string, stream = false): HostileCase => ({
  name: `track: ${name}`,
  method: 'get',
  path: `/v1/track/${token}${stream ? '/stream' : ''}`,
  role: 'channel',
  status: 404,
  field: 'token',
});

export function trackingCases(): HostileCase[] {
  const shaped = 'A'.repeat(31);
  return [
    track('a malformed token', 'not-a-token'),
    track('a token one character short', shaped),
    track('a token one character long', `${shaped}AA`),
    track('a token with a character outside base64url', `${shaped}.`),
    track('a token with a percent-encoded slash inside', `${'A'.repeat(15)}%2F${'A'.repeat(16)}`),
    track('a token of 8,000 characters', 'A'.repeat(8_000)),
    track('a NUL in the token', `${'A'.repeat(16)}%00${'A'.repeat(15)}`),
    track('a lone surrogate in the token', `${'A'.repeat(31)}%ED%A0%80`),
    track('path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'),
    track('path traversal to another route', '..%2Forders'),
    track('the API key as the token', '{key}'),
    track('an order id as the token', '{order}'),
    track('a malformed token on the stream', 'not-a-token', true),
    track('a token of 8,000 characters on the stream', 'A'.repeat(8_000), true),
    track('path traversal on the stream', '..%2F..%2Fstream', true),
    track('an unknown well-formed token on the stream', 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe', true),
  ];
}
