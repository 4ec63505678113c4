#!/usr/bin/env bash
# Starts the background worker and the web server; stopping the server (Ctrl+C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

"$PY" manage.py db_worker --interval 1 --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo
echo "Bangkom berjalan di http://$HOST:$PORT/"
"$PY" manage.py setup_demo_users
echo "Hentikan dengan Ctrl+C."
echo
"$PY" manage.py runserver "$HOST:$PORT"
