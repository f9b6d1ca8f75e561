#!/usr/bin/env bash
# Ingestion benchmark: in one run, on this machine,
#   nginx `return 204`                                (HTTP ceiling)
#   pgbench: one INSERT per transaction, 16 clients   (naive database ceiling)
#   pgbench: 100 rows per INSERT, 4 clients           (batched database ceiling)
#   pgbench: the same with a distinct body per row    (batched ceiling that parses every body, as mosaic must)
#   pgbench: the same, each messageId claimed too      (batched ceiling doing the storage work mosaic does)
#   mosaic /v1/track, 500-byte bodies, 64 connections
#   mosaic /v1/batch, 100 messages per request
# and prints rates, ratios, latency, RSS and, after each mosaic load, the resolver backlog and the
# time to resolve it, ending with one `RESULT key=value ...` line.
#
# This VM's speed swings by up to 2x from one minute to the next, so the whole sequence runs
# ROUNDS times (3 by default) and the ratios use the medians; every round's figures are printed.
# Every database load (pgbench or mosaic) starts on empty event tables after a CHECKPOINT: a load
# that ran on the rows an earlier one left behind would pay for that table's size and state.
# Usage: bash bench/ingest/run.sh   (DURATION=10 seconds per load, ROUNDS=3)
source "$(dirname "$0")/../lib/common.sh"
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
need wrk wrk
need pgbench postgresql-contrib
HERE=$ROOT/bench/ingest

PORT_NGINX=$(free_port)
PORT_MOSAIC=$(free_port)
start_nginx "$PORT_NGINX"
KEY=$("$MOSAIC" keys create-source bench --data-dir "$WORK/mosaic" 2>/dev/null | tail -n 1)
export WRITE_KEY_B64=$(printf '%s:' "$KEY" | base64 -w0)
start_mosaic ${MOSAIC_ENV:-}
CONNINFO=$("$MOSAIC" db status --data-dir "$WORK/mosaic" | sed 's/^running: //')


JSON='{"type":"track","userId":"user-1","event":"Product Viewed","properties":{"product_id":"sku-1","name":"Trail running shoe","category":"Shoes","price":89.95,"currency":"EUR","quantity":1,"url":"https://shop.example.com/p/trail-running-shoe"},"context":{"ip":"203.0.113.7","locale":"de-DE","userAgent":"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101","page":{"path":"/p/trail-running-shoe","referrer":"https://www.example.org/"}},"timestamp":"2026-11-23T10:00:00.000Z"}'
cat > "$WORK/one.sql" <<SQL
INSERT INTO events (source_id, message_id, type, name, user_id, "timestamp", received_at, body)
VALUES (0, md5(random()::text), 'track', 'Product Viewed', 'user-1', now(), now(), '$JSON'::jsonb);
SQL
cat > "$WORK/hundred.sql" <<SQL
INSERT INTO events (source_id, message_id, type, name, user_id, "timestamp", received_at, body)
SELECT 0, md5(random()::text || g), 'track', 'Product Viewed', 'user-1', now(), now(), '$JSON'::jsonb
FROM generate_series(1, 100) g;
SQL
# The same, but every row's body is its own text (as in a real batch): the constant above is parsed
# to jsonb once per statement, so that ceiling skips the per-event parse mosaic cannot skip.
cat > "$WORK/hundred_parsed.sql" <<SQL
INSERT INTO events (source_id, message_id, type, name, user_id, "timestamp", received_at, body)
SELECT 0, md5(random()::text || g), 'track', 'Product Viewed', 'user-1', now(), now(),
       replace('$JSON', 'user-1', 'user-' || g)::jsonb
FROM generate_series(1, 100) g;
SQL
# The same again, and each row also claims its (source, messageId) in `message_ids`, as mosaic's
# insert does for the dedupe the tracking API promises: the database's share of mosaic's work per
# event, without HTTP, parsing or the resolver's queue row (one per statement).
cat > "$WORK/hundred_claimed.sql" <<SQL
WITH batch AS (
  SELECT nextval('events_id_seq') AS id, md5(random()::text || g) AS message_id, g FROM generate_series(1, 100) g
), claimed AS (
  INSERT INTO message_ids (source_id, message_id, event_id, received_at) SELECT 0, message_id, id, now() FROM batch
)
INSERT INTO events (id, source_id, message_id, type, name, user_id, "timestamp", received_at, body)
SELECT id, 0, message_id, 'track', 'Product Viewed', 'user-1', now(), now(),
       replace('$JSON', 'user-1', 'user-' || g)::jsonb
FROM batch;
SQL
# Each database load starts on empty event tables (the previous load's rows and its resolver work
# gone: `drain` waited for that) and after a CHECKPOINT, so none pays for another's rows or
# dirty pages.
reset() {
  psql -X -q -c "TRUNCATE events, message_ids, pending_batches" -c CHECKPOINT "$CONNINFO"
  sleep 1
}

count_events() { psql "$CONNINFO" -tAc "SELECT count(*) FROM events WHERE source_id <> 0"; }
pending_events() { psql "$CONNINFO" -tAc "SELECT coalesce(sum(cardinality(event_ids)), 0) FROM pending_batches"; }
# After a load: how many events the resolver had still to resolve, and how long it took to catch
# up (0 on an ingest-only instance). Waiting also keeps one load's backlog out of the next's.
drain() {  # drain NAME: sets <NAME>_BACKLOG and <NAME>_DRAIN_S ("none" when nothing resolves)
  local backlog start elapsed left last changed
  backlog=$(pending_events); start=$(date +%s); last=$backlog; changed=$start
  left=$backlog
  while [ "$left" != 0 ]; do
    sleep 0.2
    left=$(pending_events)
    if [ "$left" != "$last" ]; then last=$left; changed=$(date +%s); fi
    # No progress for 5 s: no resolver runs here (an ingest-only instance).
    [ $(( $(date +%s) - changed )) -ge 5 ] && break
  done
  elapsed=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}')
  [ "$left" = 0 ] || elapsed=none
  printf -v "${1}_BACKLOG" '%s' "$backlog"
  printf -v "${1}_DRAIN_S" '%s' "$elapsed"
  echo "resolver backlog after the load: $backlog events, resolved in $elapsed s"
}

# pgbench_rows SCRIPT CLIENTS ROWS_PER_TRANSACTION: rows/s of one pgbench load of $WORK/SCRIPT.sql.
pgbench_rows() {
  reset
  pgbench -n -c"$2" -j2 -T"$DURATION" -f "$WORK/$1.sql" "$CONNINFO" > "$WORK/$1.txt" 2>&1
  awk -v n="$3" '/^tps/ {printf "%.0f", $3 * n; exit}' "$WORK/$1.txt"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
L_NGINX=""; L_PG_ONE=""; L_PG_HUNDRED=""; L_PG_PARSED=""; L_PG_CLAIMED=""; L_TRACK=""; L_TRACK_P99=""; L_BATCH=""; L_BATCH_P99=""
L_TRACK_BACKLOG=""; L_TRACK_DRAIN=""; L_BATCH_BACKLOG=""; L_BATCH_DRAIN=""
for ROUND in $(seq 1 "$ROUNDS"); do
  echo "==== round $ROUND of $ROUNDS"
  echo "== nginx return 204, POST 500 bytes, 64 connections"
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$HERE/track.lua" "http://127.0.0.1:$PORT_NGINX" > "$WORK/nginx.txt"
  NGINX_RPS=$(wrk_rps "$WORK/nginx.txt"); echo "nginx: $NGINX_RPS req/s"

  echo "== pgbench: one row per transaction, 16 clients"
  PG_ONE=$(pgbench_rows one 16 1); echo "pgbench: $PG_ONE rows/s"
  echo "== pgbench: 100 rows per statement, 4 clients"
  PG_HUNDRED=$(pgbench_rows hundred 4 100); echo "pgbench: $PG_HUNDRED rows/s"
  echo "== pgbench: 100 rows per statement, each body parsed, 4 clients"
  PG_PARSED=$(pgbench_rows hundred_parsed 4 100); echo "pgbench: $PG_PARSED rows/s"
  echo "== pgbench: 100 rows per statement, each body parsed and messageId claimed, 4 clients"
  PG_CLAIMED=$(pgbench_rows hundred_claimed 4 100); echo "pgbench: $PG_CLAIMED rows/s"

  echo "== mosaic /v1/track, 64 connections"
  reset
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$HERE/track.lua" "http://127.0.0.1:$PORT_MOSAIC" > "$WORK/track.txt"
  TRACK_RPS=$(wrk_rps "$WORK/track.txt"); TRACK_P99=$(wrk_p99_ms "$WORK/track.txt")
  TRACK_STORED=$(count_events)
  echo "mosaic track: $TRACK_RPS req/s, p99 $TRACK_P99 ms, stored $TRACK_STORED; errors: $(wrk_errors "$WORK/track.txt")"
  drain TRACK

  echo "== mosaic /v1/batch (100 messages), 16 connections"
  reset
  wrk -t2 -c16 -d"${DURATION}s" --latency -s "$HERE/batch.lua" "http://127.0.0.1:$PORT_MOSAIC" > "$WORK/batch.txt"
  BATCH_RPS=$(wrk_rps "$WORK/batch.txt"); BATCH_P99=$(wrk_p99_ms "$WORK/batch.txt")
  BATCH_STORED=$(count_events)
  BATCH_EPS=$(awk -v s="$BATCH_STORED" -v d="$DURATION" 'BEGIN {printf "%.0f", s/d}')
  echo "mosaic batch: $BATCH_RPS req/s = $BATCH_EPS events/s stored, p99 $BATCH_P99 ms; errors: $(wrk_errors "$WORK/batch.txt")"
  drain BATCH
  echo "round $ROUND: track/pgbench-one $(ratio "$TRACK_RPS" "$PG_ONE")x, track/nginx $(ratio "$TRACK_RPS" "$NGINX_RPS")x," \
       "batch/pgbench-100 $(ratio "$BATCH_EPS" "$PG_HUNDRED")x, batch/parsed $(ratio "$BATCH_EPS" "$PG_PARSED")x," \
       "batch/claimed $(ratio "$BATCH_EPS" "$PG_CLAIMED")x"

  L_NGINX+=" $NGINX_RPS"; L_PG_ONE+=" $PG_ONE"; L_PG_HUNDRED+=" $PG_HUNDRED"; L_PG_PARSED+=" $PG_PARSED"; L_PG_CLAIMED+=" $PG_CLAIMED"
  L_TRACK+=" $TRACK_RPS"; L_TRACK_P99+=" $TRACK_P99"; L_BATCH+=" $BATCH_EPS"; L_BATCH_P99+=" $BATCH_P99"
  L_TRACK_BACKLOG+=" $TRACK_BACKLOG"; L_TRACK_DRAIN+=" $TRACK_DRAIN_S"; L_BATCH_BACKLOG+=" $BATCH_BACKLOG"; L_BATCH_DRAIN+=" $BATCH_DRAIN_S"
done
RSS=$(rss_mib "$MOSAIC_PID")
NGINX_RPS=$(echo "$L_NGINX" | median); PG_ONE=$(echo "$L_PG_ONE" | median)
PG_HUNDRED=$(echo "$L_PG_HUNDRED" | median); PG_PARSED=$(echo "$L_PG_PARSED" | median); PG_CLAIMED=$(echo "$L_PG_CLAIMED" | median)
TRACK_RPS=$(echo "$L_TRACK" | median); TRACK_P99=$(echo "$L_TRACK_P99" | median)
BATCH_EPS=$(echo "$L_BATCH" | median); BATCH_P99=$(echo "$L_BATCH_P99" | median)
list() { echo "$1" | sed 's/^ //; s/ /,/g'; }

echo
echo "medians of $ROUNDS rounds:"
echo "track vs pgbench one-row:  $(ratio "$TRACK_RPS" "$PG_ONE")x   (target >= 2)"
echo "track vs nginx:            $(ratio "$TRACK_RPS" "$NGINX_RPS")x   (target >= 0.25)"
echo "batch vs pgbench 100-row:  $(ratio "$BATCH_EPS" "$PG_HUNDRED")x   (target >= 0.5)"
echo "batch vs same, bodies parsed: $(ratio "$BATCH_EPS" "$PG_PARSED")x"
echo "batch vs same, messageIds claimed too: $(ratio "$BATCH_EPS" "$PG_CLAIMED")x"
echo "mosaic peak RSS:           $RSS MiB   (target < 128)"
echo "RESULT rounds=$ROUNDS nginx_rps=$NGINX_RPS pgbench_one_rows_s=$PG_ONE pgbench_100_rows_s=$PG_HUNDRED pgbench_100_parsed_rows_s=$PG_PARSED pgbench_100_claimed_rows_s=$PG_CLAIMED" \
  "track_rps=$TRACK_RPS track_p99_ms=$TRACK_P99 batch_events_s=$BATCH_EPS batch_p99_ms=$BATCH_P99" \
  "track_vs_pgbench_one=$(ratio "$TRACK_RPS" "$PG_ONE") track_vs_nginx=$(ratio "$TRACK_RPS" "$NGINX_RPS")" \
  "batch_vs_pgbench_100=$(ratio "$BATCH_EPS" "$PG_HUNDRED") batch_vs_pgbench_100_parsed=$(ratio "$BATCH_EPS" "$PG_PARSED")" \
  "batch_vs_pgbench_100_claimed=$(ratio "$BATCH_EPS" "$PG_CLAIMED") rss_mib=$RSS" \
  "rounds_nginx=$(list "$L_NGINX") rounds_pgbench_one=$(list "$L_PG_ONE") rounds_pgbench_100=$(list "$L_PG_HUNDRED")" \
  "rounds_pgbench_100_parsed=$(list "$L_PG_PARSED") rounds_pgbench_100_claimed=$(list "$L_PG_CLAIMED") rounds_track=$(list "$L_TRACK") rounds_batch=$(list "$L_BATCH")" \
  "track_backlog=$(list "$L_TRACK_BACKLOG") track_drain_s=$(list "$L_TRACK_DRAIN") batch_backlog=$(list "$L_BATCH_BACKLOG") batch_drain_s=$(list "$L_BATCH_DRAIN")"
