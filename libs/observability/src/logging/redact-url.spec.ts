import { REDACTED, redactUrl } from './redact-url.js';

const KEY = 'k3y/with&odd=chars+x';
const PLAIN = 'plainsecret1234';

describe('redactUrl', () => {
  it.each([
    ['/v1/orders?api_key=whatever-it-is&status=PLACED', `/v1/orders?api_key=${REDACTED}&status=PLACED`],
    [
      '/v1/orders?access_token=t&apiKey=k&X-API-KEY=k&key=k',
      `/v1/orders?access_token=${REDACTED}&apiKey=${REDACTED}&X-API-KEY=${REDACTED}&key=${REDACTED}`,
    ],
    [`/v1/orders?brandId=${PLAIN}`, `/v1/orders?brandId=${REDACTED}`],
    [`/v1/orders/${PLAIN}/history`, `/v1/orders/${REDACTED}/history`],
    [`/v1/orders?${PLAIN}`, `/v1/orders?${REDACTED}`],
    [`/v1/orders?q=${encodeURIComponent(PLAIN.slice(0, 5))}${PLAIN.slice(5)}`, `/v1/orders?q=${REDACTED}`],
    ['/v1/orders?status=PLACED&limit=5', '/v1/orders?status=PLACED&limit=5'],
    ['/v1/track/q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe/stream', `/v1/track/${REDACTED}/stream`],
    ['/track/q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe', `/track/${REDACTED}`],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url, [PLAIN, KEY])).toBe(expected);
  });

  it('keeps nothing of a URL where a secret straddles the separators', () => {
    expect(redactUrl(`/v1/orders?x=${KEY}`, [KEY])).toBe(REDACTED);
    expect(redactUrl(`/v1/orders?x=${encodeURIComponent(KEY)}`, [KEY])).toBe(`/v1/orders?x=${REDACTED}`);
  });
});
