#!/bin/sh
# Measures the dashboard on a big store (not run in CI): 1,000,000 pending jobs and 100,000 failed
# ones, written straight into the tables, then the time of the overview's and the failed page's
# API calls (what the pages fetch every few seconds) and of the page itself, through curl.
#   scripts/dashboard-scale.sh sqlite:/tmp/scale.sqlite
#   scripts/dashboard-scale.sh postgres://postgres@127.0.0.1:5432/test_e
#   scripts/dashboard-scale.sh 'redis://127.0.0.1:6379/3?prefix=scale:'
# On PostgreSQL and Redis the jobs are deleted afterwards (queue "scale"; on Redis every failed
# job under the prefix, so give it a prefix of its own); a SQLite file is left as it is.
set -eu
url=$1
qctl=${QCTL:-$(dirname "$0")/../target/qctl/bin/qctl}
port=${PORT:-18090}
export QCTL_CONNECTION="$url"
"$qctl" migrate >/dev/null
now=$(date +%s)
payload='{"uuid":"u","displayName":"sync-mailbox","job":"exec","maxTries":3,"data":{"argv":["true"]}}'
case "$url" in
sqlite:*)
  db=${url#sqlite:}
  sqlite3 "$db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at)
SELECT 'scale', '$payload', 0, NULL, $now, $now FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at)
SELECT 'scale-' || i, 'sqlite', 'scale', '$payload', 'exit status 1: mailbox ' || i || ' unreachable', CURRENT_TIMESTAMP FROM n;
COMMIT;
ANALYZE;
SQL
  ;;
postgres*)
  psql -q "$url" <<SQL
INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at)
SELECT 'scale', '$payload', 0, NULL, $now, $now FROM generate_series(1, 1000000);
INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at)
SELECT 'scale-' || i, 'pgsql', 'scale', '$payload', 'exit status 1: mailbox ' || i || ' unreachable', now()
FROM generate_series(1, 100000) i;
VACUUM ANALYZE jobs;
VACUUM ANALYZE failed_jobs;
SQL
  ;;
redis*)
  # Laravel's layout, as qctl's scripts write it: the list queues:scale, and per failed job a
  # hash under qctl:failed: with its id in the ids sorted set; 10,000 a script call
  hostport=$(echo "$url" | sed -E 's|redis://([^/?]*).*|\1|')
  db=$(echo "$url" | sed -nE 's|redis://[^/]*/([0-9]+).*|\1|p')
  prefix=$(echo "$url" | sed -nE 's|.*[?&]prefix=([^&]*).*|\1|p')
  rcli() { redis-cli -h "${hostport%:*}" -p "${hostport##*:}" -n "${db:-0}" "$@"; }
  i=0
  while [ $i -lt 100 ]; do
    rcli EVAL "for j = 1, 10000 do redis.call('RPUSH', KEYS[1], ARGV[1]) end" 1 "${prefix}queues:scale" "$payload" >/dev/null
    i=$((i + 1))
  done
  i=0
  while [ $i -lt 10 ]; do
    rcli EVAL "local p = KEYS[1]
      for id = tonumber(ARGV[1]) + 1, tonumber(ARGV[1]) + 10000 do
        redis.call('HSET', p .. id, 'id', id, 'uuid', 'scale-' .. id, 'connection', 'redis', 'queue', 'scale',
          'payload', ARGV[2], 'exception', 'exit status 1: mailbox ' .. id .. ' unreachable', 'failed_at', ARGV[3])
        redis.call('ZADD', p .. 'ids', id, id)
        redis.call('HSET', p .. 'uuids', 'scale-' .. id, id)
      end
      redis.call('SET', p .. 'seq', tonumber(ARGV[1]) + 10000)" 1 "${prefix}qctl:failed:" $((i * 10000)) "$payload" "${now}000" >/dev/null
    i=$((i + 1))
  done
  ;;
*) echo "give a sqlite:, postgres:// or redis:// URL" >&2; exit 2 ;;
esac

"$qctl" dashboard --port "$port" --queue scale 2>/tmp/dashboard-scale.log &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -q "qctl dashboard on" /tmp/dashboard-scale.log 2>/dev/null; do sleep 0.2; done
base="http://127.0.0.1:$port/qctl"
jar=$(mktemp)
curl -s -c "$jar" -o /dev/null "$base/"
time_of() { curl -s -b "$jar" -o /dev/null -w "%{http_code} %{time_total}s  $1\n" "$base/$1"; }
"$qctl" monitor --queue scale || true  # exits 1: the backlog is over its alert line
for run in 1 2 3; do
  echo "run $run"
  time_of ""
  time_of "api/overview"
  time_of "api/failed"
  time_of "api/failed?before=50000"
  time_of "api/failed?queue=scale&text=mailbox%2099999%20"
  time_of "api/failed/99000"
  time_of "api/failed/matching?queue=scale"
  time_of "api/failed/matching?queue=scale&text=mailbox%2099999%20"
done
case "$url" in
postgres*) psql -q "$url" -c "DELETE FROM jobs WHERE queue = 'scale'" -c "DELETE FROM failed_jobs WHERE queue = 'scale'" ;;
redis*) "$qctl" clear --queue scale --force >/dev/null; "$qctl" flush --force >/dev/null ;;
esac
