#!/usr/bin/env bash
# Install everything the tests need (Python packages, npm libraries, Debian's Chromium) and run
# the suite.
# Extra arguments go to pytest. DATABASE_URL=postgres://… runs it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements-dev.txt
bash scripts/setup-assets.sh
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "Installing Debian's Chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  else
    echo "No /usr/bin/chromium: browser tests will be skipped (sudo apt-get install chromium)."
  fi
fi
exec .venv/bin/python -m pytest "$@"
