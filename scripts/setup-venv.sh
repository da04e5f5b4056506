#!/usr/bin/env bash
# Create .venv with the pinned dependencies: scripts/setup-venv.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=${1:-requirements.txt}
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Some machines' pip configuration names local mirrors that may be absent; those warnings are
# noise, every other message still shows.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" \
  2> >(grep -v "^WARNING: Location '.*' is ignored" >&2)
