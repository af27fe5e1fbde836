#!/usr/bin/env bash
# Installs Debian's Chromium for the browser end-to-end test (tests/node/test/browser.test.mjs).
# Idempotent: does nothing when /usr/bin/chromium already exists. No browser download from
# anywhere but Debian's package archive (playwright-core drives this binary).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "install-browser: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "install-browser: installing Debian's chromium..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-liberation
/usr/bin/chromium --version || true
