#!/usr/bin/env bash
# Profile API benchmark: in one run, on this machine, with 100k profiles and 1M events loaded by SQL,
#   GET /v1/profiles/lookup?email=   16 connections, random profile   (target p99 <= 5 ms, >= 5000 req/s)
#   GET /v1/profiles/{id}            16 connections, random profile   (same targets)
#   POST /v1/profiles                16 connections, upsert            (target p99 <= 15 ms)
#   GET /v1/analytics/summary        last 60 days, curl, a few runs    (target < 1 s)
#   POST /v1/profiles                 4 connections, upsert            (a few tills at once)
#   pgbench: the identifier lookup alone, 16 clients                    (database ceiling of the lookup query)
#   pgbench: the 360 view statement the lookup endpoint runs, prepared  (the endpoint's own database ceiling)
# and prints a table ending with one `RESULT key=value ...` line.
# Usage: bash bench/profiles/run.sh   (DURATION=10 s per load, PROFILES=100000, EVENTS_PER_PROFILE=10, ORDERS=30000;
#        PERF_OUT=/tmp/lookup.perf also records `perf record -g` of the server during the lookup load)
source "$(dirname "$0")/../lib/common.sh"
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
export PROFILES=${PROFILES:-100000}
EVENTS_PER_PROFILE=${EVENTS_PER_PROFILE:-10}
ORDERS=${ORDERS:-30000}
ANALYTICS_RUNS=${ANALYTICS_RUNS:-5}
need wrk wrk
need pgbench postgresql-contrib
need psql postgresql-client
HERE=$ROOT/bench/profiles
[ -x "$MOSAIC" ] || { echo "no $MOSAIC: swift build -c release --product mosaic" >&2; exit 1; }

load_avg() { cut -d' ' -f1 /proc/loadavg; }
LOAD_BEFORE=$(load_avg)
PORT_MOSAIC=$(free_port)
export API_KEY=$("$MOSAIC" keys create --name bench --scopes profiles:read,profiles:write,pii:read,segments:read \
  --data-dir "$WORK/mosaic" 2>/dev/null | tail -n 1)
start_mosaic ${MOSAIC_ENV:-}
CONNINFO=$("$MOSAIC" db status --data-dir "$WORK/mosaic" | sed 's/^running: //')

echo "== loading $PROFILES profiles, $((PROFILES * EVENTS_PER_PROFILE)) events, $ORDERS orders by SQL"
LOAD_START=$(date +%s)
timeout 900 psql -q -X -v profiles="$PROFILES" -v per="$EVENTS_PER_PROFILE" -v orders="$ORDERS" \
  -f "$HERE/load.sql" "$CONNINFO" > "$WORK/load.txt"
LOAD_S=$(( $(date +%s) - LOAD_START ))
# The load dirties ~1.5 GB; without a checkpoint now, the one it triggers lands in a measured
# window and its final fsync stalls every commit there (the upsert's p99 read 60 ms, its p50 9).
psql -X -q -c CHECKPOINT "$CONNINFO"
echo "loaded in ${LOAD_S}s: $(psql -X -tAc "SELECT (SELECT count(*) FROM profiles) || ' profiles, ' ||
  (SELECT count(*) FROM identities) || ' identities, ' || (SELECT count(*) FROM events) || ' events, ' ||
  (SELECT count(*) FROM orders) || ' orders'" "$CONNINFO")"

# One request of each kind must answer 200 before we measure (a benchmark of 404s measures nothing).
check() {  # check EXPECTED_STATUS CURL_ARGS...
  local expected=$1; shift
  local status; status=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -H "Authorization: Bearer $API_KEY" "$@")
  [ "$status" = "$expected" ] || { echo "expected $expected, got $status from $*: $(head -c 300 "$WORK/check.json")" >&2; exit 1; }
}
BASE="http://127.0.0.1:$PORT_MOSAIC"
check 200 "$BASE/v1/profiles/lookup?email=user42%40example.com"
grep -q '"user42@example.com"' "$WORK/check.json" || { echo "lookup answered another profile" >&2; exit 1; }
check 200 "$BASE/v1/profiles/42"
check 200 -X POST -H 'Content-Type: application/json' -d '{"identifiers":{"email":"user43@example.com"},"traits":{"plan":"pro"}}' "$BASE/v1/profiles"

run_wrk() {  # run_wrk NAME SCRIPT [CONNECTIONS=16]: DURATION seconds
  timeout $((DURATION + 30)) wrk -t2 -c"${3:-16}" -d"${DURATION}s" --timeout 5s --latency -s "$HERE/$2" "$BASE" > "$WORK/$1.txt"
  echo "$1: $(wrk_rps "$WORK/$1.txt") req/s, p50 $(wrk_p50_ms "$WORK/$1.txt") ms, p99 $(wrk_p99_ms "$WORK/$1.txt") ms; errors: $(wrk_errors "$WORK/$1.txt")"
}
# Warm-up, not measured: the first seconds after the load read cold index pages, and whichever
# load ran first paid for them (the lookup once read 18 % below the get that followed it).
for script in lookup.lua get.lua; do
  timeout $((WARMUP + 30)) wrk -t2 -c16 -d"${WARMUP}s" -s "$HERE/$script" "$BASE" > /dev/null
done
echo "== wrk, 16 connections, ${DURATION}s each"
if [ -n "${PERF_OUT:-}" ]; then  # PERF_OUT=/tmp/x.data: perf record -g the server during the lookup load
  timeout $((DURATION + 20)) perf record -q -g -p "$MOSAIC_PID" -o "$PERF_OUT" -- sleep "$DURATION" 2>/dev/null &
  PIDS+=($!)
fi
run_wrk lookup lookup.lua
run_wrk get get.lua
PROFILES_BEFORE=$(psql -X -tAc "SELECT count(*) FROM profiles" "$CONNINFO")
run_wrk upsert upsert.lua
run_wrk upsert4 upsert.lua 4
CREATED=$(( $(psql -X -tAc "SELECT count(*) FROM profiles" "$CONNINFO") - PROFILES_BEFORE ))
echo "upsert created $CREATED profiles"

echo "== analytics summary, last 60 days, $ANALYTICS_RUNS runs"
FROM=$(date -u -d '60 days ago' +%F); TO=$(date -u +%F)
check 200 "$BASE/v1/analytics/summary?from=$FROM&to=$TO"
grep -q '"buyers":[1-9]' "$WORK/check.json" || { echo "analytics saw no buyers: $(head -c 300 "$WORK/check.json")" >&2; exit 1; }
: > "$WORK/analytics.txt"
for _ in $(seq 1 "$ANALYTICS_RUNS"); do
  curl -s -o /dev/null --max-time 30 -w '%{time_total}\n' -H "Authorization: Bearer $API_KEY" \
    "$BASE/v1/analytics/summary?from=$FROM&to=$TO" | awk '{printf "%.1f\n", $1 * 1000}' >> "$WORK/analytics.txt"
done
ANALYTICS_MS=$(sort -n "$WORK/analytics.txt" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
ANALYTICS_MAX=$(sort -n "$WORK/analytics.txt" | tail -n 1)
echo "analytics: median $ANALYTICS_MS ms, max $ANALYTICS_MAX ms ($(paste -sd' ' "$WORK/analytics.txt"))"
RSS=$(rss_mib "$MOSAIC_PID")

echo "== pgbench, 16 clients, ${DURATION}s each"
pg() {  # pg SCRIPT MODE: tps
  timeout $((DURATION + 30)) pgbench -n -c16 -j2 -T"$DURATION" -M "$2" -f "$HERE/$1" "$CONNINFO" > "$WORK/$1.$2.txt" 2>&1
  awk '/^tps/ {printf "%.0f", $3; exit}' "$WORK/$1.$2.txt"
}
PG_LOOKUP=$(pg lookup.sql prepared); echo "pgbench identifier lookup, prepared: $PG_LOOKUP tps"
PG_VIEW=$(pg lookup_view.sql prepared); echo "pgbench the lookup endpoint's 360 view statement, prepared: $PG_VIEW tps"
LOAD_AFTER=$(load_avg)

LOOKUP_RPS=$(wrk_rps "$WORK/lookup.txt"); LOOKUP_P50=$(wrk_p50_ms "$WORK/lookup.txt"); LOOKUP_P99=$(wrk_p99_ms "$WORK/lookup.txt")
GET_RPS=$(wrk_rps "$WORK/get.txt"); GET_P50=$(wrk_p50_ms "$WORK/get.txt"); GET_P99=$(wrk_p99_ms "$WORK/get.txt")
UPSERT_RPS=$(wrk_rps "$WORK/upsert.txt"); UPSERT_P50=$(wrk_p50_ms "$WORK/upsert.txt"); UPSERT_P99=$(wrk_p99_ms "$WORK/upsert.txt")
UPSERT4_RPS=$(wrk_rps "$WORK/upsert4.txt"); UPSERT4_P50=$(wrk_p50_ms "$WORK/upsert4.txt"); UPSERT4_P99=$(wrk_p99_ms "$WORK/upsert4.txt")
VS_PG=$(ratio "$LOOKUP_RPS" "$PG_LOOKUP"); VS_VIEW=$(ratio "$LOOKUP_RPS" "$PG_VIEW")

echo
printf '%-34s %10s %9s %9s   %s\n' measure "req/s" "p50 ms" "p99 ms" target
printf '%-34s %10s %9s %9s   %s\n' "GET /v1/profiles/lookup?email=" "$LOOKUP_RPS" "$LOOKUP_P50" "$LOOKUP_P99" ">= 5000 req/s, p99 <= 5 ms"
printf '%-34s %10s %9s %9s   %s\n' "GET /v1/profiles/{id}" "$GET_RPS" "$GET_P50" "$GET_P99" ">= 5000 req/s, p99 <= 5 ms"
printf '%-34s %10s %9s %9s   %s\n' "POST /v1/profiles (upsert)" "$UPSERT_RPS" "$UPSERT_P50" "$UPSERT_P99" "p99 <= 15 ms"
printf '%-34s %10s %9s %9s   %s\n' "POST /v1/profiles, 4 connections" "$UPSERT4_RPS" "$UPSERT4_P50" "$UPSERT4_P99" "p99 <= 15 ms"
printf '%-34s %10s %9s %9s   %s\n' "GET /v1/analytics/summary (60 d)" "-" "$ANALYTICS_MS" "$ANALYTICS_MAX" "< 1000 ms (median, max)"
printf '%-34s %10s\n' "pgbench lookup query (tps)" "$PG_LOOKUP"
printf '%-34s %10s\n' "pgbench 360 view statement (tps)" "$PG_VIEW"
echo "lookup vs pgbench lookup query:    ${VS_PG}x"
echo "lookup vs pgbench view statement:  ${VS_VIEW}x"
echo "mosaic peak RSS:                   $RSS MiB"
echo "load average (2 cores, shared):    $LOAD_BEFORE before, $LOAD_AFTER after"
echo "RESULT lookup_rps=$LOOKUP_RPS lookup_p99_ms=$LOOKUP_P99 get_rps=$GET_RPS get_p99_ms=$GET_P99 upsert_rps=$UPSERT_RPS upsert_p99_ms=$UPSERT_P99 upsert4_rps=$UPSERT4_RPS upsert4_p99_ms=$UPSERT4_P99 analytics_ms=$ANALYTICS_MS pgbench_lookup_tps=$PG_LOOKUP pgbench_view_tps=$PG_VIEW lookup_vs_pgbench=$VS_PG lookup_vs_pgbench_view=$VS_VIEW load_s=$LOAD_S rss_mib=$RSS load_avg=$LOAD_BEFORE/$LOAD_AFTER"
