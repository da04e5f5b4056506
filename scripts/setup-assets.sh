#!/usr/bin/env bash
# Install the front-end libraries pinned in package-lock.json into node_modules (Node 20, npm).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm > /dev/null; then
  echo "npm is missing: install Node.js 20 and npm (e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
# npm ci installs exactly the lockfile, after emptying node_modules; skip it when the copy of
# the lockfile left by the last install is the same.
stamp=node_modules/.installed-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
