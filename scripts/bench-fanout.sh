#!/usr/bin/env bash
# bench-fanout.sh — the live feed's fan-out on loopback (`make bench`): a call made with
# POST …/next reaches 1,000 and then 5,000 websocket clients of one site; the table gives
# the latency from the request to each client's receipt (p50, p99, max) and the server's
# resident memory per connection, for
#
#   full   bin/luot serve with its hub (Redis Streams → hub → the hub's workers write each
#          event straight to every socket), on a fresh redis-server from deploy/redis.conf
#   bare   bench/fanout/bare: a minimal fiber websocket loop writing one frame to every
#          connection in turn
#
# The clients (bench/fanout) run in a process of their own, so the memory measured is the
# server's alone. Targets of the full server: p99 under 100 ms at 5,000 clients and at most
# 25 KB per connection.
#
#   scripts/bench-fanout.sh
#   FANOUT_CLIENTS="1000" FANOUT_ROUNDS=10 scripts/bench-fanout.sh
#
# Settings (environment): FANOUT_CLIENTS ("1000 5000"), FANOUT_ROUNDS calls per run (20),
# FANOUT_SITE (ttpvhcc), FANOUT_COUNTER (q01), LUOT_CONFIG (config/binhduong.yaml),
# FANOUT_BUDGET seconds for the whole script (300). Every process it starts is stopped by
# pid on exit, and its temporary folder removed.
set -euo pipefail

CLIENTS=${FANOUT_CLIENTS:-1000 5000}
ROUNDS=${FANOUT_ROUNDS:-20}
SITE=${FANOUT_SITE:-ttpvhcc}
COUNTER=${FANOUT_COUNTER:-q01}
CONFIG=${LUOT_CONFIG:-config/binhduong.yaml}
BUDGET=${FANOUT_BUDGET:-300}
GO=${GO:-go}
cd "$(dirname "$0")/.."

for cmd in redis-server redis-cli curl "$GO"; do
	command -v "$cmd" >/dev/null 2>&1 || { echo "bench-fanout.sh: $cmd is missing (scripts/deps.sh redis curl)" >&2; exit 1; }
done
# 5,000 clients and as many server sockets: raise the open-file limit as far as allowed
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
need=$(( $(echo "$CLIENTS" | tr ' ' '\n' | sort -n | tail -1) + 512 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
	echo "bench-fanout.sh: the open-file limit is $(ulimit -n), want $need (raise the hard limit: ulimit -Hn)" >&2
	exit 1
fi

work=$(mktemp -d /tmp/luot-fanout.XXXXXX)
pids=()
cleanup() {
	local rc=$? i
	trap - EXIT INT TERM
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		kill -TERM "${pids[i]}" 2>/dev/null || true
		wait "${pids[i]}" 2>/dev/null || true
	done
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench-fanout.sh: interrupted" >&2; exit 130' INT TERM
( # the budget: stop everything after BUDGET seconds; a TERM from cleanup ends the wait at once
	trap 'kill "$s" 2>/dev/null; exit 0' TERM
	sleep "$BUDGET" & s=$!
	wait "$s" && { echo "bench-fanout.sh: over the budget of $BUDGET s" >&2; kill -TERM $$; }
) 2>/dev/null &
pids+=($!)

free_port() { # a port below the ephemeral range (where 5,000 client sockets live), not in use
	local p i
	for ((i = 0; i < 50; i++)); do
		p=$((12000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
	echo "bench-fanout.sh: no free port" >&2
	exit 1
}
wait_http() { # url pid log
	local i
	for ((i = 0; i < 200; i++)); do
		kill -0 "$2" 2>/dev/null || { echo "bench-fanout.sh: the server exited:" >&2; tail -n 20 "$3" >&2; exit 1; }
		curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "bench-fanout.sh: $1 did not answer" >&2
	exit 1
}

echo "bench-fanout.sh: building"
CGO_ENABLED=0 "$GO" build -o "$work/luot" ./server
"$GO" build -o "$work/fanout" ./bench/fanout
"$GO" build -o "$work/bare" ./bench/fanout/bare

redis-server deploy/redis.conf --dir "$work" --unixsocket "$work/redis.sock" --unixsocketperm 700 \
	--appendfsync everysec --daemonize no --logfile "$work/redis.log" &
pids+=($!)
for ((i = 0; i < 100; i++)); do
	[ "$(redis-cli -s "$work/redis.sock" ping 2>/dev/null)" = PONG ] && break
	sleep 0.05
done

echo
echo "Fan-out of a call to the websocket clients of one site (loopback, $(nproc) CPUs; $ROUNDS calls per row)"
header=-header
for n in $CLIENTS; do
	# a fresh server for each size, so that its memory before the clients is comparable
	pw=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
	port=$(free_port)
	redis-cli -s "$work/redis.sock" flushall >/dev/null
	env -i PATH="$PATH" HOME="${HOME:-/tmp}" LUOT_ADDR="127.0.0.1:$port" REDIS_URL="unix://$work/redis.sock" \
		LUOT_CONFIG="$CONFIG" LUOT_ALWAYS_OPEN=1 LUOT_ADMIN_PASSWORD="$pw" LUOT_LOG_LEVEL=warn \
		"$work/luot" serve >"$work/serve.log" 2>&1 &
	spid=$!
	pids+=("$spid")
	wait_http "http://127.0.0.1:$port/readyz" "$spid" "$work/serve.log"
	"$work/fanout" $header -url "http://127.0.0.1:$port" -mode full -pid "$spid" -clients "$n" -rounds "$ROUNDS" \
		-site "$SITE" -counter "$COUNTER" -admin-password "$pw" -label "full (luot serve)" ${FANOUT_VERBOSE:+-v}
	header=
	kill -TERM "$spid"; wait "$spid" 2>/dev/null || true

	port=$(free_port)
	"$work/bare" -addr "127.0.0.1:$port" >"$work/bare.log" 2>&1 &
	bpid=$!
	pids+=("$bpid")
	wait_http "http://127.0.0.1:$port/healthz" "$bpid" "$work/bare.log"
	"$work/fanout" -url "http://127.0.0.1:$port" -mode bare -pid "$bpid" -clients "$n" -rounds "$ROUNDS" -label "bare broadcaster" ${FANOUT_VERBOSE:+-v}
	kill -TERM "$bpid"; wait "$bpid" 2>/dev/null || true
done
echo
echo "Latency: from sending POST …/next to each client's receipt of the call. KB/conn: growth of the"
echo "server's resident memory (VmRSS) with the clients connected, divided by the clients."
echo "Targets of the full server: p99 < 100 ms at 5,000 clients; ≤ 25 KB per connection."
