#!/usr/bin/env bash
# Install what the browser tests of `drafting serve` (tests/serve/test_browser.py) need on
# Debian/Ubuntu: Debian's own chromium and its chromedriver. Packages only, no browser
# download; nothing is installed when both are already there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "browser test dependencies: $(/usr/bin/chromium --version 2>/dev/null | head -1), $(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
