#!/usr/bin/env bash
# ./kit notebook: the course in Jupyter. Installs what the notebook UI needs (install.sh --ui: Debian's
# jupyter-notebook, or the pip route elsewhere; the kernel jar; the kernel spec), then starts Jupyter on notebooks/
# with the kit's kernel "comma-kit" as the default for new notebooks, prints the URL, and stops cleanly on Ctrl-C
# (kernels shut down, the server exits).
#
# Usage: ./kit notebook [--port N] [--ip ADDRESS] [--browser]
#        ./kit notebook --html DIR [--only GLOB]
#   --port N        the server's port (default: a free one from 8888 up)
#   --ip ADDRESS    where the server listens (default 127.0.0.1; 0.0.0.0 for a remote machine, e.g. over ssh -L)
#   --browser       also open a web browser (default: only print the URL)
#   --html DIR      instead of serving: execute every chapter (and solution) and write a static site to DIR, an
#                   index.html and one page per chapter with its outputs and offline interactive plots
#   --only GLOB     with --html, only the chapters matching GLOB, e.g. '0[01]_*.ipynb'
# Environment: COMMA_PYTHON, MVN_ARGS, KIT_THREADS (libtorch threads of the kernel) as for install.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=""
IP=127.0.0.1
OPEN=False
HTML_DIR=""
ONLY="*.ipynb"

while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --ip) IP="${2:?--ip needs an address}"; shift 2 ;;
    --browser) OPEN=True; shift ;;
    --html) HTML_DIR="${2:?--html needs a folder}"; shift 2 ;;
    --only) ONLY="${2:?--only needs a glob}"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "kit notebook: unknown option $1 (see ./kit notebook --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$PORT" ] && ! [[ "$PORT" =~ ^[0-9]+$ && "$PORT" -ge 1 && "$PORT" -le 65535 ]]; then
  echo "kit notebook: --port $PORT is not a port number (1-65535)" >&2
  exit 2
fi

install_args=()
if [ -z "$HTML_DIR" ]; then install_args+=(--ui); fi   # the site needs only the headless part
if [ -n "${KIT_THREADS:-}" ]; then install_args+=(--threads "$KIT_THREADS"); fi
bash "$ROOT/environment/install.sh" "${install_args[@]}"

if [ -n "${COMMA_PYTHON:-}" ]; then PYTHON="$COMMA_PYTHON"
elif [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3
else PYTHON=python3; fi

if [ -n "$HTML_DIR" ]; then
  if [ -e "$HTML_DIR" ] && [ ! -d "$HTML_DIR" ]; then
    echo "kit notebook: --html $HTML_DIR is a file; name a folder (it is created if missing)" >&2
    exit 2
  fi
  exec "$PYTHON" "$ROOT/environment/notebook_site.py" "$ROOT/notebooks" "$HTML_DIR" --only "$ONLY"
fi

# A free port (from 8888 up) and a fresh token, so the URL printed below is the one that opens.
if [ -z "$PORT" ]; then
  PORT="$("$PYTHON" -c "
import socket, sys
for port in range(8888, 8988):
    with socket.socket() as s:
        try:
            s.bind(('$IP', port)); print(port); sys.exit(0)
        except OSError:
            pass
sys.exit('no free port in 8888-8987')")"
fi
TOKEN="$("$PYTHON" -c 'import secrets; print(secrets.token_hex(24))')"
ROOT_ARGS=()
if [ "$(id -u)" -eq 0 ]; then ROOT_ARGS=(--allow-root); fi   # containers and CI machines often run as root
LOG="$(mktemp "${TMPDIR:-/tmp}/kit-notebook.XXXXXX.log")"

# The server runs in its own session, so the terminal's Ctrl-C reaches this script only: it asks the server to stop
# (SIGTERM), which shuts the kernels down and exits, instead of Jupyter's "Shutdown this notebook server (y/[n])?".
setsid "$PYTHON" -m notebook --ip="$IP" --port="$PORT" --port-retries=0 --notebook-dir="$ROOT/notebooks" \
  --NotebookApp.token="$TOKEN" --NotebookApp.open_browser="$OPEN" \
  --MappingKernelManager.default_kernel_name=comma-kit "${ROOT_ARGS[@]}" >"$LOG" 2>&1 &
SERVER=$!

stop() {
  trap - INT TERM
  echo
  echo "[kit notebook] stopping Jupyter (kernels shut down)..."
  kill -TERM "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER" 2>/dev/null; then kill -KILL -- "-$SERVER" 2>/dev/null || true; fi
  wait "$SERVER" 2>/dev/null || true
  echo "[kit notebook] stopped (server log: $LOG)"
  exit 0
}
trap stop INT TERM

URL="http://$IP:$PORT/tree?token=$TOKEN"
for _ in $(seq 1 300); do
  if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "kit notebook: Jupyter exited before it served; its log ($LOG):" >&2
    cat "$LOG" >&2
    exit 2
  fi
  if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://$IP:$PORT/api?token=$TOKEN', timeout=1)" \
      2>/dev/null; then
    break
  fi
  sleep 0.2
done
echo "[kit notebook] Jupyter serves the course (notebooks/) with the kernel \"Java (COMMA kit)\"; open"
echo "    $URL"
echo "[kit notebook] Ctrl-C stops it. Server log: $LOG"
wait "$SERVER" || true
echo "[kit notebook] Jupyter exited (log: $LOG)"
