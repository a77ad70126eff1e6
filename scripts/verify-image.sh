#!/usr/bin/env bash
# Builds what the Dockerfile builds, without a Docker engine: a clean install, the compiled
# dist/, production dependencies only. Then starts each service from that tree and waits for
# its readiness check, so an image that would miss a runtime dependency fails here first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cp -r "$root/package.json" "$root/package-lock.json" "$root/tsconfig.json" "$root/tsconfig.build.json" "$root/apps" "$root/libs" "$work/"
mkdir "$work/scripts" && cp "$root/scripts/services.mjs" "$work/scripts/"
cd "$work"
# The image runs node:26; here the same Node.js comes from the npm registry, as in npm run setup.
node26="$(npx --yes node@26.10.0 -p process.execPath)"
"$node26" "$(command -v npm)" install --no-audit --no-fund --loglevel=error >/dev/null
npx tsc -p tsconfig.build.json
npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null
echo "image tree: dist $(du -sh dist | cut -f1), production node_modules $(du -sh node_modules | cut -f1)"

export API_KEYS="${API_KEYS:-admin:verify-image-key}" PORT=13000 ORDERS_PORT=13001 ANALYTICS_PORT=13002 LOG_LEVEL=warn
# Started as npm start starts them (scripts/services.mjs, with the image's heap bounds), from this tree.
"$node26" --input-type=module -e '
import { SERVICES, startService } from "./scripts/services.mjs";
const services = SERVICES.map(({ name }) => startService(name, { log: `${process.cwd()}/${name}.log` }));
try {
  for (const service of services) await service.ready();
  console.log("all three services ready from production dependencies only");
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await Promise.all(services.map((s) => s.stop()));
}'
