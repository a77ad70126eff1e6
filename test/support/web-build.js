// The pages the gateway serves, built once per test run into a folder of the run's own, so a test
// run never rebuilds the dist/web that a running `npm start` serves.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

export async function buildWebPages(runName) {
  const { build } = await import('vite');
  const outDir = join(tmpdir(), `${runName}_web`);
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

export async function removeWebPages(outDir) {
  if (outDir) await rm(outDir, { recursive: true, force: true });
}
