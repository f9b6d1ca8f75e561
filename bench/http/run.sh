#!/usr/bin/env bash
# HTTP transport benchmark: nginx (1 worker, `return 204`) and the Mosaic server under the same
# wrk load, in one run. Prints req/s, p50/p99, the server's peak RSS, ratios to nginx, and a
# final `RESULT ...` line.
#
#   bash bench/http/run.sh                      # runs .build/release/mosaic serve (MOSAIC_BENCH_ROUTES=1)
#   SERVER_CMD='/path/server --port $PORT' bash bench/http/run.sh
#
# Env: DURATION (s, default 10), LATENCY_DURATION (s, default 5), CONNECTIONS (default 64),
#      NGINX_PORT (default 18080), MOSAIC_PORT (default 18081), SERVER_CMD ($PORT is substituted).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/bench/http"
DURATION="${DURATION:-10}"
LATENCY_DURATION="${LATENCY_DURATION:-5}"
CONNECTIONS="${CONNECTIONS:-64}"
NGINX_PORT="${NGINX_PORT:-18080}"
MOSAIC_PORT="${MOSAIC_PORT:-18081}"
TMP="$(mktemp -d -t mosaic-bench-http.XXXXXX)"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    [ -x "/usr/sbin/$1" ] && return 0
    echo "installing $2" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >&2
}
need wrk wrk
need nginx nginx
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

wait_for_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listening on port $1" >&2
    return 1
}

# --- nginx: one worker, fixed answers, no logging ---
mkdir -p "$TMP/nginx"
cat > "$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /health { default_type application/json; return 200 '{"status":"ok"}'; }
        location / { return 204; }
    }
}
CONF
"$NGINX" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" &
PIDS+=($!)
wait_for_port "$NGINX_PORT"

# --- Mosaic ---
PORT="$MOSAIC_PORT"
if [ -z "${SERVER_CMD:-}" ]; then
    SERVER_CMD="$ROOT/.build/release/mosaic serve --port \$PORT --data-dir $TMP/data"
fi
COMMAND="${SERVER_CMD//\$PORT/$PORT}"
echo "mosaic server: $COMMAND" >&2
MOSAIC_BENCH_ROUTES=1 MOSAIC_LOG_LEVEL=warning bash -c "exec $COMMAND" > "$TMP/mosaic.log" 2>&1 &
MOSAIC_PID=$!
PIDS+=("$MOSAIC_PID")
wait_for_port "$PORT" || { cat "$TMP/mosaic.log" >&2; exit 1; }

# wrk output → "rps p50_ms p99_ms"
summarise() {
    awk '
    function ms(v) {
        if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
        if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
        if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
        return v
    }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }'
}

run_wrk() { # name port threads connections duration path [lua]
    local name="$1" port="$2" threads="$3" conns="$4" duration="$5" path="$6" lua="${7:-}"
    local args=(-t"$threads" -c"$conns" -d"${duration}s" --latency --timeout 5s)
    [ -n "$lua" ] && args+=(-s "$lua")
    timeout $((duration + 20)) wrk "${args[@]}" "http://127.0.0.1:$port$path" > "$TMP/$name.txt" 2>&1 || true
    summarise < "$TMP/$name.txt"
}

declare -A R
for target in nginx:$NGINX_PORT mosaic:$PORT; do
    name="${target%%:*}"; port="${target##*:}"
    # warm-up
    run_wrk "$name-warm" "$port" 2 "$CONNECTIONS" 2 /bench/noop "$HERE/post.lua" > /dev/null
    R[$name.post]="$(run_wrk "$name-post" "$port" 2 "$CONNECTIONS" "$DURATION" /bench/noop "$HERE/post.lua")"
    R[$name.health]="$(run_wrk "$name-health" "$port" 2 "$CONNECTIONS" "$DURATION" /health)"
    R[$name.one]="$(run_wrk "$name-one" "$port" 1 1 "$LATENCY_DURATION" /bench/noop "$HERE/post.lua")"
done

RSS_KB="$(awk '/VmHWM/ { print $2 }' "/proc/$MOSAIC_PID/status" 2>/dev/null || echo 0)"
RSS_MIB="$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')"

field() { echo "${R[$1]}" | awk -v i="$2" '{ print $i }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "0" }'; }

printf "\n%-34s %10s %9s %9s %8s\n" "scenario" "req/s" "p50 ms" "p99 ms" "non-2xx"
for scenario in post health one; do
    for name in nginx mosaic; do
        label="$name $scenario"
        case "$scenario" in
            post) label="$name POST /bench/noop ${CONNECTIONS}c";;
            health) label="$name GET /health ${CONNECTIONS}c";;
            one) label="$name POST /bench/noop 1c";;
        esac
        printf "%-34s %10s %9s %9s %8s\n" "$label" "$(field $name.$scenario 1)" "$(field $name.$scenario 2)" \
            "$(field $name.$scenario 3)" "$(field $name.$scenario 4)"
    done
done
echo
echo "ratio to nginx: POST ${CONNECTIONS}c $(ratio "$(field mosaic.post 1)" "$(field nginx.post 1)")," \
     "GET /health $(ratio "$(field mosaic.health 1)" "$(field nginx.health 1)")," \
     "1 conn $(ratio "$(field mosaic.one 1)" "$(field nginx.one 1)")"
echo "mosaic peak RSS (VmHWM): ${RSS_MIB} MiB"
echo "RESULT mosaic_rps=$(field mosaic.post 1) nginx_rps=$(field nginx.post 1)" \
     "ratio=$(ratio "$(field mosaic.post 1)" "$(field nginx.post 1)")" \
     "health_rps=$(field mosaic.health 1) nginx_health_rps=$(field nginx.health 1)" \
     "p99_1conn_ms=$(field mosaic.one 3) p50_1conn_ms=$(field mosaic.one 2) rss_mib=$RSS_MIB"
