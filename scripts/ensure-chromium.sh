#!/usr/bin/env bash
# Browser tests drive Debian's chromium; Playwright never downloads a browser of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "NOTE: /usr/bin/chromium is missing and this is not root; the browser tests will skip."
  echo "      Install it with: sudo apt-get install chromium"
fi
