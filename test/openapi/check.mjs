#!/usr/bin/env node
// The OpenAPI document as a user's tools read it. Starts the built orders service and gateway on
// a database and vhost of their own, saves the document the gateway serves at /docs-json, then:
//   1. Redocly lints it with the recommended rules, warnings counted as errors;
//   2. openapi-typescript generates the typed client's paths from it, and tsc checks the client;
//   3. Prism, as a validating proxy (--errors) in front of the gateway, watches a short flow.
// Exits non-zero if any of them finds a problem.   npm run check:openapi
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runFlowThroughPrism } from './prism-flow.mjs';
import { freePort, startServices } from '../support/processes.mjs';

const root = new URL('../..', import.meta.url).pathname;
const DOCUMENT = 'dist/openapi/openapi.json';
const CLIENT_PATHS = 'test/client/orders-api.d.ts';

const keys = Object.fromEntries(['channel', 'staff', 'admin'].map((r) => [r, randomBytes(18).toString('base64url')]));
const logDir = mkdtempSync(`${tmpdir()}/openapi-check-`);

// This machine reaches no network but the package registry: Redocly is told not to report usage or look for updates.
const TOOL_ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

function tool(title, command, args) {
  console.log(`\n== ${title}: ${[command, ...args].join(' ')}`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: TOOL_ENV });
  if (status !== 0) throw new Error(`${title} failed (exit ${status})`);
}

let services;
let prism;
let failed = false;
try {
  services = await startServices({ keys, logDir });
  const document = await (await fetch(`${services.gatewayUrl}/docs-json`)).json();
  mkdirSync(`${root}dist/openapi`, { recursive: true });
  writeFileSync(`${root}${DOCUMENT}`, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`Saved the document served at ${services.gatewayUrl}/docs-json as ${DOCUMENT} (OpenAPI ${document.openapi}).`);

  tool('Redocly lint', 'redocly', ['lint', '--config', 'redocly.yaml', DOCUMENT]);
  tool('openapi-typescript', 'openapi-typescript', [DOCUMENT, '--output', CLIENT_PATHS]);
  tool('Typed client compiles', 'tsc', ['-p', 'test/client/tsconfig.json']);
  if (spawnSync('git', ['diff', '--quiet', '--', CLIENT_PATHS], { cwd: root }).status === 1) {
    console.log(`Note: ${CLIENT_PATHS} differs from the committed one: the document changed; commit the regenerated file.`);
  }

  const port = await freePort();
  console.log(`\n== Prism proxy --errors on port ${port} in front of ${services.gatewayUrl}`);
  prism = spawn('prism', ['proxy', DOCUMENT, services.gatewayUrl, '--errors', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const violations = await runFlowThroughPrism(prism, `http://127.0.0.1:${port}`, keys);
  if (violations.length) {
    failed = true;
    console.error(`Prism: ${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
  } else {
    console.log(
      'Prism: 0 violations in the flow (create, read, conditional read, accept, move the promise, edit, quantity, goodwill refunds, list, illegal move, unknown order, tracking, brand availability).',
    );
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
  console.error(`Service logs: ${logDir}`);
} finally {
  if (prism && prism.exitCode === null) prism.kill('SIGTERM');
  await services?.stop();
}
process.exit(failed ? 1 : 0);
