export const REDACTED = '[REDACTED]';

/** Query parameters whose names say they hold a credential, however the client spelled them. */
const SECRET_PARAM = /key|token|secret|passw|auth|sig|session|credential|bearer/i;

/** `/track/{token}` and `/v1/track/{token}`: a customer's tracking token is a credential to that order. */
const TRACKING_SEGMENT = 'track';

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

/**
 * A request URL fit for a log line: the value of every query parameter named like a credential
 * (`api_key`, `access_token`, …), every path segment or parameter holding a known secret,
 * raw or percent-encoded, and the token of a tracking link become `[REDACTED]`.
 */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  const exposes = (text: string) => {
    if (secrets.length === 0) return false;
    // Decoded once, and only when there is something to decode: every request's URL passes here.
    const decoded = text.includes('%') || text.includes('+') ? decode(text) : text;
    return secrets.some((s) => text.includes(s) || decoded.includes(s));
  };
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at))
    .split('/')
    .map((segment, i, segments) => (exposes(segment) || segments[i - 1] === TRACKING_SEGMENT ? REDACTED : segment))
    .join('/');
  const query =
    at < 0
      ? undefined
      : url
          .slice(at + 1)
          .split('&')
          .map((part) => {
            const eq = part.indexOf('=');
            const name = eq < 0 ? part : part.slice(0, eq);
            if (exposes(name)) return REDACTED;
            if (eq >= 0 && (SECRET_PARAM.test(decode(name)) || exposes(part.slice(eq + 1)))) return `${name}=${REDACTED}`;
            return part;
          })
          .join('&');
  const redacted = query === undefined ? path : `${path}?${query}`;
  // A secret holding "/", "&" or "=" could straddle the pieces above: then nothing of the URL is kept.
  return exposes(redacted) ? REDACTED : redacted;
}
