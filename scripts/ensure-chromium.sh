#!/bin/sh
# The browser tests drive Debian's Chromium through playwright-core, which never downloads a browser
# of its own. Installs the package where it is missing; a machine without apt gets a hint instead.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  SUDO=''
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO='sudo -n'
else
  SUDO='none'
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$SUDO" = none ]; then
  echo "Chromium is not at $CHROMIUM and cannot be installed here: the browser tests need it." >&2
  echo "Install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH to one." >&2
  exit 0
fi

echo "Installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends chromium >/dev/null ||
  { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends chromium >/dev/null; }
"$CHROMIUM" --version 2>/dev/null | head -1
