#!/usr/bin/env bash
# Identity-resolution quality benchmark: starts `mosaic serve` on a throw-away data dir,
# sends PEOPLE synthetic customers through the real tracking API, waits for the resolver,
# scores the profiles against the ground truth and prints a final `RESULT ...` line.
#
# Builds nothing: expects .build/release/mosaic (or MOSAIC=path). Bounded by TIMEOUT_S.
# Env: PEOPLE (20000) SEED (42) TIMEOUT_S (900) CONCURRENCY (4) BATCH (500) KEEP=1 (keep the
# temp dir) UNLISTED_JUNK=1 (also junk no default blocked list names) STRICT=1 (exit 1 on a
# missed target).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MOSAIC=${MOSAIC:-$ROOT/.build/release/mosaic}
PEOPLE=${PEOPLE:-20000}
SEED=${SEED:-42}
TIMEOUT_S=${TIMEOUT_S:-900}
CONCURRENCY=${CONCURRENCY:-4}
BATCH=${BATCH:-500}
STARTED=$SECONDS

log() { echo "[idbench] $*" >&2; }
die() { log "$*"; exit 1; }

[[ -x "$MOSAIC" ]] || die "no mosaic binary at $MOSAIC (swift build -c release --product mosaic, or set MOSAIC=)"
MOSAIC=$(cd "$(dirname "$MOSAIC")" && pwd)/$(basename "$MOSAIC")
[[ "$PEOPLE" =~ ^[1-9][0-9]*$ ]] || die "PEOPLE must be a positive integer, got '$PEOPLE'"

# Python with Faker, in a venv beside this script (git-ignored).
PY="$HERE/.venv/bin/python"
if ! "$PY" -c 'import faker' 2>/dev/null; then
    log "creating $HERE/.venv"
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install -q -r "$HERE/requirements.txt"
fi

WORK=$(mktemp -d /tmp/idbench.XXXXXX)
# The embedded PostgreSQL runs as an unprivileged user when we are root: it must reach the dir.
chmod 755 "$WORK"
SERVER_PID=""
# If mosaic died or hung, the embedded PostgreSQL it started may outlive it: stop exactly that
# postmaster (its pid is the first line of postmaster.pid in our own temp dir).
stop_orphan_cluster() {
    local pidfile="$WORK/data/pg/postmaster.pid" pg
    [[ -f "$pidfile" ]] || return 0
    pg=$(head -n 1 "$pidfile" 2>/dev/null || true)
    [[ "$pg" =~ ^[0-9]+$ ]] && kill -0 "$pg" 2>/dev/null || return 0
    grep -q -- "$WORK/data/pg" "/proc/$pg/cmdline" 2>/dev/null || return 0
    log "stopping the embedded PostgreSQL left behind (pid $pg)"
    kill -INT "$pg" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pg" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL "$pg" 2>/dev/null || true
}
cleanup() {
    local status=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "server did not stop on SIGTERM; killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    stop_orphan_cluster
    if [[ "${KEEP:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

remaining() { echo $(( TIMEOUT_S - (SECONDS - STARTED) )); }

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log "generating $PEOPLE people (seed $SEED)"
GEN_ARGS=(--people "$PEOPLE" --seed "$SEED" --out "$WORK/gen")
[[ "${UNLISTED_JUNK:-0}" == 1 ]] && GEN_ARGS+=(--unlisted-junk)
"$PY" "$HERE/generate.py" "${GEN_ARGS[@]}"

log "starting $MOSAIC serve on port $PORT (data dir $WORK/data; log $WORK/server.log)"
# Run from the checkout the binary was built in, so its config/ and migrations/ match it.
if [[ "$MOSAIC" == */.build/* ]]; then cd "${MOSAIC%%/.build/*}"; else cd "$ROOT"; fi
"$MOSAIC" serve --port "$PORT" --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "server exited during start-up"; }
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/health', timeout=2)" 2>/dev/null; then
        break
    fi
    (( $(remaining) > 0 )) || die "server not healthy before the time limit"
    sleep 0.5
done
"$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/health', timeout=2)" 2>/dev/null \
    || { tail -n 30 "$WORK/server.log" >&2; die "server never became healthy"; }

WRITE_KEY=$("$MOSAIC" keys create-source idbench --data-dir "$WORK/data" | tail -n 1)
SECRET_KEY=$("$MOSAIC" keys create --name idbench --scopes profiles:read,pii:read --data-dir "$WORK/data" | tail -n 1)
[[ -n "$WRITE_KEY" && -n "$SECRET_KEY" ]] || die "could not create keys"

BUDGET=$(( $(remaining) - 30 ))
(( BUDGET > 10 )) || die "no time left to load (TIMEOUT_S=$TIMEOUT_S)"
set +e
timeout --signal=TERM $(( BUDGET + 200 )) "$PY" "$HERE/load.py" --messages "$WORK/gen/messages.ndjson" \
    --observed "$WORK/observed.ndjson" --port "$PORT" --write-key "$WRITE_KEY" --secret-key "$SECRET_KEY" \
    --batch "$BATCH" --concurrency "$CONCURRENCY" --timeout "$BUDGET" >"$WORK/stats.json"
LOAD_STATUS=$?
set -e
[[ -s "$WORK/observed.ndjson" ]] || { tail -n 30 "$WORK/server.log" >&2; die "load failed (exit $LOAD_STATUS)"; }
(( LOAD_STATUS == 0 )) || log "resolution did not finish within the time limit: scoring what resolved"

EXTRA=$("$PY" -c "
import json, sys
s = json.load(open(sys.argv[1]))
print(' '.join(f'{k}={s[k]}' for k in ('ingest_eps', 'resolve_eps', 'lag_s', 'messages', 'unresolved'))
      + f\" timed_out={int(s['timed_out'])} wait_mode={s['mode']}\")
" "$WORK/stats.json")
SCORE_ARGS=(--truth "$WORK/gen/truth.json" --observed "$WORK/observed.ndjson" --result $EXTRA)
[[ "${STRICT:-0}" == 1 ]] && SCORE_ARGS+=(--strict)
"$PY" "$HERE/score.py" "${SCORE_ARGS[@]}"
(( LOAD_STATUS == 0 )) || exit 1
