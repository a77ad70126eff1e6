import type { IncomingMessage } from 'node:http';

/**
 * The correlation id is logged and travels in every command and event: a client that put an API
 * key there gets a fresh id instead, so the key goes no further than this process. Run on the raw
 * server (`refuseBeforeApp`), so a request refused there and one the app answers are treated alike.
 */
export function correlationIdSecretDropper(secrets: Iterable<string>): (req: IncomingMessage) => void {
  const keys = [...secrets];
  return (req) => {
    const given = req.headers['x-correlation-id'];
    if (typeof given === 'string' && keys.some((key) => given.includes(key))) delete req.headers['x-correlation-id'];
  };
}
