#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup runs from a trap, which shellcheck does not see
# smoke-run.sh — the test that `make run` works: start scripts/run.sh on a free port with a data
# folder of its own, wait until it is ready and has printed the demo accounts, then through the
# API of api.md: log in as admin, issue a ticket at ttpvhcc, open a counter that serves it, call
# `next` and check that the issued ticket is the one called. Finally interrupt run.sh (SIGINT,
# as Ctrl-C does) and check that the server and the redis-server it started are gone.
#
# Prints "1 passed, 0 failed" on success (CI reads that line); exits non-zero on any failure.
#
#   SMOKE_TIMEOUT   seconds to wait for run.sh to be ready, build included (default 300)
#   SMOKE_KEEP=1    keep the data folder (logs) even on success
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="/usr/local/go/bin:$PATH"
fi

SITE=ttpvhcc
TIMEOUT=${SMOKE_TIMEOUT:-300}

say() { printf 'smoke-run: %s\n' "$*"; }

RUN_PID="" SERVER_PID="" REDIS_PID="" DATA="" PASSED=""

fail() {
	printf 'smoke-run: FAIL: %s\n' "$*" >&2
	exit 1
}

cleanup() {
	local code=$?
	trap - EXIT INT TERM
	# Whatever happened, leave nothing running.
	if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
		kill -INT "$RUN_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$RUN_PID" 2>/dev/null || true
	fi
	local p
	for p in "$SERVER_PID" "$REDIS_PID"; do
		if [ -n "$p" ]; then kill -KILL "$p" 2>/dev/null || true; fi
	done
	if [ -z "$PASSED" ]; then
		if [ -n "$DATA" ]; then
			local f
			for f in "$DATA/run.out" "$DATA/luot.log" "$DATA/redis/redis.log"; do
				[ -f "$f" ] || continue
				echo "--- last lines of $f ---" >&2
				tail -n 40 "$f" >&2
			done
			echo "smoke-run: logs kept in $DATA" >&2
		fi
		echo "0 passed, 1 failed"
		[ "$code" -ne 0 ] || code=1
	elif [ -n "$DATA" ] && [ -z "${SMOKE_KEEP:-}" ]; then
		rm -rf "$DATA"
	fi
	exit "$code"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

"$ROOT/scripts/deps.sh" redis jq curl

# ---- a free port and a data folder of our own ---------------------------------------------------

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 200); do
	p=$((20000 + RANDOM % 20000))
	if port_free "$p"; then
		PORT=$p
		break
	fi
done
[ -n "$PORT" ] || fail "no free TCP port found"

# Under /tmp, not data/: a short path keeps the Redis socket under the unix socket length limit,
# and a developer's `make run` (data/) is not disturbed.
DATA=$(mktemp -d "${TMPDIR:-/tmp}/luot-smoke.XXXXXX")
BASE="http://127.0.0.1:$PORT"
PASSWORD="smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

say "starting scripts/run.sh on 127.0.0.1:$PORT (data: $DATA)"
# Job control gives run.sh its own process group, so SIGINT reaches its trap: a background
# command of a non-interactive shell otherwise starts with SIGINT ignored.
set -m
env -u REDIS_URL \
	LUOT_DATA_DIR="$DATA" \
	LUOT_ADDR="127.0.0.1:$PORT" \
	LUOT_PUBLIC_URL="$BASE" \
	LUOT_ADMIN_PASSWORD="$PASSWORD" \
	LUOT_ALWAYS_OPEN=1 \
	scripts/run.sh </dev/null >"$DATA/run.out" 2>&1 &
RUN_PID=$!
set +m

# ---- ready: /readyz answers and the demo accounts are printed ----------------------------------

deadline=$((SECONDS + TIMEOUT))
until grep -q 'Press Ctrl-C to stop' "$DATA/run.out" 2>/dev/null; do
	kill -0 "$RUN_PID" 2>/dev/null || fail "scripts/run.sh exited before it was ready"
	[ "$SECONDS" -lt "$deadline" ] || fail "scripts/run.sh was not ready within $TIMEOUT s"
	sleep 0.5
done
curl -fsS -o /dev/null --max-time 5 "$BASE/readyz" || fail "GET /readyz is not 200 after run.sh said it was ready"
SERVER_PID=$(cat "$DATA/luot.pid" 2>/dev/null || true)
REDIS_PID=$(cat "$DATA/redis/redis.pid" 2>/dev/null || true)
[ -n "$SERVER_PID" ] || fail "run.sh wrote no $DATA/luot.pid"
[ -n "$REDIS_PID" ] || fail "run.sh started no redis-server of its own ($DATA/redis/redis.pid missing)"
grep -q "$PASSWORD" "$DATA/run.out" || fail "run.sh did not print the admin password"
say "ready: server pid $SERVER_PID, redis-server pid $REDIS_PID"

# ---- the API ------------------------------------------------------------------------------------

BODY=$DATA/body.json
# api METHOD PATH [JSON] — sets STATUS and leaves the answer in $BODY.
api() {
	local method=$1 path=$2 data=${3:-}
	local args=(-sS -o "$BODY" -w '%{http_code}' --max-time 10 -X "$method"
		-H 'Accept: application/json' -H 'Accept-Language: en')
	[ -z "${TOKEN:-}" ] || args+=(-H "Authorization: Bearer $TOKEN")
	[ -z "$data" ] || args+=(-H 'Content-Type: application/json' --data "$data")
	STATUS=$(curl "${args[@]}" "$BASE$path") || fail "$method $path: curl failed"
}
# expect STATUS... — fails unless the last answer had one of these statuses.
expect() {
	local s
	for s in "$@"; do [ "$STATUS" = "$s" ] && return 0; done
	fail "$LAST: status $STATUS, want $*; body: $(head -c 500 "$BODY")"
}
jqb() { jq -er "$@" "$BODY"; }

TOKEN=""
LAST="POST /api/v1/auth/login"
api POST /api/v1/auth/login "$(jq -nc --arg p "$PASSWORD" '{username: "admin", password: $p}')"
expect 200
TOKEN=$(jqb '.token') || fail "login: no token in $(cat "$BODY")"

LAST="GET /api/v1/sites/$SITE"
api GET "/api/v1/sites/$SITE"
expect 200
SERVICE=$(jqb '.services[0].id') || fail "$LAST: no services[0].id in $(head -c 500 "$BODY")"
# A counter that serves that service (the first one listed, normally q01).
COUNTER=$(jq -er --arg s "$SERVICE" '[.counters[] | select((.services // []) | index($s))][0].id' "$BODY") ||
	fail "$LAST: no counter serves $SERVICE"
say "site $SITE: service $SERVICE, counter $COUNTER"

LAST="POST /api/v1/sites/$SITE/tickets"
api POST "/api/v1/sites/$SITE/tickets" "$(jq -nc --arg s "$SERVICE" '{service: $s}')"
expect 201
NUMBER=$(jqb '.number') || fail "$LAST: no number in $(cat "$BODY")"
TICKET=$(jqb '.id') || fail "$LAST: no id in $(cat "$BODY")"
[ "$(jqb '.status')" = waiting ] || fail "$LAST: status $(jqb '.status'), want waiting"
say "issued $NUMBER ($TICKET)"

LAST="POST /api/v1/sites/$SITE/counters/$COUNTER/open"
api POST "/api/v1/sites/$SITE/counters/$COUNTER/open" '{}'
expect 200

LAST="POST /api/v1/sites/$SITE/counters/$COUNTER/next"
api POST "/api/v1/sites/$SITE/counters/$COUNTER/next"
expect 200
got_number=$(jq -r '.ticket.number // "null"' "$BODY")
got_id=$(jq -r '.ticket.id // "null"' "$BODY")
got_status=$(jq -r '.ticket.status // "null"' "$BODY")
[ "$got_number" = "$NUMBER" ] || fail "$LAST: called $got_number, want $NUMBER; body: $(head -c 500 "$BODY")"
[ "$got_id" = "$TICKET" ] || fail "$LAST: called ticket id $got_id, want $TICKET"
[ "$got_status" = called ] || fail "$LAST: ticket status $got_status, want called"
say "counter $COUNTER called $NUMBER"

# ---- Ctrl-C stops everything run.sh started -----------------------------------------------------

say "interrupting scripts/run.sh (SIGINT)"
kill -INT "$RUN_PID"
for _ in $(seq 1 150); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$RUN_PID" 2>/dev/null; then
	fail "scripts/run.sh still running 30 s after SIGINT"
fi
wait "$RUN_PID" && code=0 || code=$?
RUN_PID=""
[ "$code" = 0 ] || fail "scripts/run.sh exited with status $code after SIGINT, want 0"
kill -0 "$SERVER_PID" 2>/dev/null && fail "the server (pid $SERVER_PID) is still running after run.sh stopped"
kill -0 "$REDIS_PID" 2>/dev/null && fail "redis-server (pid $REDIS_PID) is still running after run.sh stopped"
[ "$(redis-cli -s "$DATA/redis/redis.sock" ping 2>/dev/null || true)" != PONG ] ||
	fail "something still answers on $DATA/redis/redis.sock"
SERVER_PID="" REDIS_PID=""

PASSED=1
say "PASS: make run starts, issues and calls $NUMBER through the API, and stops cleanly"
echo "1 passed, 0 failed"
