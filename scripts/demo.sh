#!/usr/bin/env bash
# Install, migrate a SQLite database, load the sample articles and serve the app locally.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements.txt
bash scripts/setup-assets.sh
export DEBUG=1
manage() { .venv/bin/python manage.py "$@"; }
manage migrate --verbosity 0
# The sample articles go in through the same command editors use; ingesting twice is harmless.
samples=timeline/data/sample_articles
manage ingest "$samples/reznikov-nato-integration-2022-10-01.txt"
# That page carried no date of its own: the date is given, as an editor would.
manage ingest "$samples/zelenskyy-joint-missile-defence-nato-neighbours.txt" \
  --published 2024-07-20 --publisher UNN
# So that the public timeline has something to show, the demo accepts the extractor's
# confident proposals; the rest wait in the admin's review queue.
manage confirm_pending --min-confidence 0.85
port=${PORT:-8000}
cat <<MSG

  The timeline is ready: open http://127.0.0.1:$port/
  Editors' admin: http://127.0.0.1:$port/admin/
  Create an editor account (in another terminal):
    DEBUG=1 .venv/bin/python manage.py create_editor YOUR_NAME

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:$port"
