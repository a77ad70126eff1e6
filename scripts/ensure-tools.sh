#!/usr/bin/env bash
# Tools the checks need that npm does not provide, unpacked into .tools/ (not committed).
# Idempotent: a tool already there is kept. Nothing is installed system-wide and no server starts:
# promtool is taken out of Debian's `prometheus` package with `apt-get download` and `dpkg -x`,
# the package itself is never installed (its post-install would start a Prometheus server).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"

if [ ! -x "$bin/promtool" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -q prometheus >/dev/null 2>&1) || {
    # The package lists may be missing on a fresh machine.
    apt-get update -q >/dev/null
    (cd "$work" && apt-get download -q prometheus >/dev/null)
  }
  dpkg -x "$work"/prometheus_*.deb "$work/root"
  mkdir -p "$bin"
  install -m 0755 "$work/root/usr/bin/promtool" "$bin/promtool"
fi
"$bin/promtool" --version | head -1
