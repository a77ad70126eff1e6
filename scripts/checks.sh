#!/usr/bin/env bash
# Runs the given npm scripts side by side and prints each one's output once it ends, in the order
# given; exits non-zero if any failed. Each of these checks is one mostly single-threaded process,
# so on two cores they take about half the time they take one after another.
#   scripts/checks.sh format:check typecheck lint
set -uo pipefail
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

pids=()
for script in "$@"; do
  npm run "$script" >"$logs/$script.log" 2>&1 &
  pids+=($!)
done

failed=()
for i in "${!pids[@]}"; do
  script="${*:i+1:1}"
  if wait "${pids[$i]}"; then status=ok; else status=FAILED; failed+=("$script"); fi
  echo "── npm run $script: $status"
  cat "$logs/$script.log"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
