# Shared by bench/*/run.sh: temp dirs, starting nginx and mosaic, reading wrk output.
# Every process started here is killed on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MOSAIC=${MOSAIC:-$ROOT/.build/release/mosaic}
WORK=$(mktemp -d /tmp/mosaic-bench.XXXXXX)
export BENCH_LIB=$ROOT/bench/lib  # shared Lua for wrk scripts
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$MOSAIC" db stop --data-dir "$WORK/mosaic" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need() {  # need BINARY PACKAGE: install a Debian package when its binary is missing
  command -v "$1" >/dev/null 2>&1 && return
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  # A fresh machine has no package lists yet: update once, then install.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 || {
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  }
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_nginx() {  # start_nginx PORT: one worker answering 204 to everything
  need nginx nginx-light
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$1 reuseport; location / { return 204; } }
}
CONF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$1/"
}

start_mosaic() {  # start_mosaic PORT [extra env...]: serve on an embedded database in $WORK/mosaic
  env MOSAIC_LOG_LEVEL=warning "$@" "$MOSAIC" serve --port "$PORT_MOSAIC" --data-dir "$WORK/mosaic" >"$WORK/mosaic.out" 2>"$WORK/mosaic.log" &
  MOSAIC_PID=$!
  PIDS+=($MOSAIC_PID)
  wait_http "http://127.0.0.1:$PORT_MOSAIC/ready"
}

wait_http() {
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2; exit 1
}

rss_mib() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# wrk_rps FILE / wrk_p50_ms FILE / wrk_p99_ms FILE: numbers from a `wrk --latency` report.
wrk_rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000 } else print v }'; }
wrk_p50_ms() { to_ms "$(awk '$1=="50%" {print $2}' "$1")"; }
wrk_p99_ms() { to_ms "$(awk '$1=="99%" {print $2}' "$1")"; }
wrk_errors() { awk '/Non-2xx/ {print $5} /Socket errors/ {print "socket:" $0}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
