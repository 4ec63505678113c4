#!/usr/bin/env bash
# Starts the background worker, LibreOffice's converter and the web server; stopping the server (Ctrl+C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

# The worker is restarted whenever it exits (a crash, an out-of-memory kill), so queued work goes on.
(
  child=""
  trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    "$PY" manage.py db_worker --interval 1 --no-startup-delay &
    child=$!
    wait "$child" || true
    echo "Pekerja latar berhenti; dijalankan ulang dalam 2 detik." >&2
    sleep 2
  done
) &
worker=$!

# LibreOffice's converter, which makes every PDF; restarted like the worker.
(
  child=""
  trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    "$PY" manage.py run_converter &
    child=$!
    wait "$child" || true
    echo "Pengubah dokumen berhenti; dijalankan ulang dalam 2 detik." >&2
    sleep 2
  done
) &
converter=$!
trap 'kill "$worker" "$converter" 2>/dev/null || true' EXIT INT TERM

echo
echo "Bangkom berjalan di http://$HOST:$PORT/"
"$PY" manage.py setup_demo_users
echo "Hentikan dengan Ctrl+C."
echo
"$PY" manage.py runserver "$HOST:$PORT"
