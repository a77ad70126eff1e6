import { readFileSync } from 'node:fs';
import { loadConfig } from './config.js';

const root = new URL('../../../', import.meta.url);
const documented = new Map(
  [...readFileSync(new URL('.env.example', root), 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
);
const read = [
  ...readFileSync(new URL('libs/config/src/config.ts', root), 'utf8').matchAll(
    /(?:str|int|url|oneOf|origins|bool)\('([A-Z][A-Z0-9_]+)'/g,
  ),
  ...readFileSync(new URL('libs/config/src/config.ts', root), 'utf8').matchAll(/env\.([A-Z][A-Z0-9_]+)/g),
].map((m) => m[1]);

describe('.env.example', () => {
  it('documents every variable the services read', () => {
    expect(read.length).toBeGreaterThan(5);
    expect([...read, 'API_KEYS'].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('holds values the services accept', () => {
    const env = Object.fromEntries(documented);
    expect(() => loadConfig(env)).not.toThrow();
  });
});
