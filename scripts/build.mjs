#!/usr/bin/env node
// `npm run build`: the services compiled by tsc and the web pages built by Vite into dist/, then a digest
// of every input (sources, configs, lock file) recorded in dist/.build-inputs.
// `--if-changed` builds only when the inputs differ from those of the last whole build, so the steps that
// run the built services one after another (CI's OpenAPI check, metrics check and fault suite, the tracing
// spec) share one build. `--check` only answers: exit 0 when dist/ is the build of the current inputs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const RECORD = join(ROOT, 'dist/.build-inputs');
const INPUT_DIRS = ['apps', 'libs', 'scripts', 'web'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** One digest over the path and content of every file the build reads. */
export function inputsDigest() {
  const files = [...INPUT_DIRS.flatMap((d) => [...filesUnder(join(ROOT, d))]), ...INPUT_FILES.map((f) => join(ROOT, f))];
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(ROOT, f)).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ holds the whole build of the inputs as they are now. */
export const buildIsCurrent = (digest = inputsDigest()) => existsSync(RECORD) && readFileSync(RECORD, 'utf8').trim() === digest;

function step(command, args) {
  const { status } = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const digest = inputsDigest();
  if (process.argv.includes('--check')) process.exit(buildIsCurrent(digest) ? 0 : 1);
  if (process.argv.includes('--if-changed') && buildIsCurrent(digest)) {
    console.log('dist/ is the build of the current sources: not building again.');
    process.exit(0);
  }
  step(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  step(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts']);
  // The digest of the inputs as they were when the build started: an edit made meanwhile builds again.
  writeFileSync(RECORD, `${digest}\n`);
}
