#!/usr/bin/env bash
# The HTML dashboard test (test/dashboard.test.ts) opens the report in a real headless
# Chromium: Debian's package, at /usr/bin/chromium.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -eq 0 ]; then
  apt-get update && apt-get install -y chromium
else
  sudo -E apt-get update && sudo -E apt-get install -y chromium
fi
