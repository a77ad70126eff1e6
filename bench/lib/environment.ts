import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, from the compiled file's place in dist/bench/lib. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RESULTS_DIR = `${ROOT}bench/results`;

/** The environment as `npm start` sees it: variables set in the shell win over `.env`. */
export function stackEnvironment(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  const file = `${ROOT}.env`;
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
  }
  return { ...env, ...process.env };
}

/** The channel keys' limit in a stack the benchmark starts (RATE_LIMITS); the other phases use an unlimited key. */
export const FAIRNESS_LIMIT = { perSecond: 50, burst: 100 };

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/orders';
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
