#!/usr/bin/env bash
# bench.sh — Lượt's HTTP performance, side by side in one run on loopback (`make bench`):
#
#   full   bin/luot serve (LUOT_ALWAYS_OPEN=1) driven by `luot loadgen`: auth, engine, JSON,
#          metrics and live feed included
#   bare   bench/bare: a fiber handler running the same issue.lua / next.lua on the same kind
#          of Redis, nothing else, driven by the same `luot loadgen -bare`
#   redis  redis-benchmark running EVALSHA of the same issue script (no HTTP at all)
#
# for each appendfsync setting (deploy/redis.conf says `always`; `everysec` shows what the
# fsync costs). Each run has a fresh redis-server from deploy/redis.conf on a unix socket in a
# temporary folder, and each server a free port on 127.0.0.1. The table gives issue and next
# throughput with p50/p99 latency, and the ratio full/bare (target ≥ 0.5).
#
#   scripts/bench.sh
#   BENCH_N=2000 BENCH_ROUNDS=1 BENCH_FSYNC=always scripts/bench.sh   (a quick look)
#
# On a shared machine the load of others drifts: the runs are repeated in BENCH_ROUNDS rounds
# (bare and full back to back, in alternating order) and the table gives the medians, the
# ratio full/bare being the median of each round's own ratio.
#
# Settings (environment): BENCH_N tickets per run (5000), BENCH_ROUNDS (3), BENCH_C concurrent
# clients (50), BENCH_SITE (ttpvhcc), BENCH_FSYNC ("always everysec"), BENCH_PHASE_MAX seconds
# a phase may last (20), BENCH_BUDGET seconds for the whole script (290), LUOT_CONFIG
# (config/binhduong.yaml), BENCH_OUT a folder to keep the raw results in.
#
# Bounded: every step has a timeout and none runs past BENCH_BUDGET seconds from the start; and
# the trap stops every process it started (by pid) and removes its folder.
set -euo pipefail

N=${BENCH_N:-5000}
ROUNDS=${BENCH_ROUNDS:-3}
C=${BENCH_C:-50}
SITE=${BENCH_SITE:-ttpvhcc}
FSYNCS=${BENCH_FSYNC:-always everysec}
PHASE_MAX=${BENCH_PHASE_MAX:-20}
BUDGET=${BENCH_BUDGET:-290}
CONFIG=${LUOT_CONFIG:-config/binhduong.yaml}
GO=${GO:-go}

cd "$(dirname "$0")/.."
started=$SECONDS

for cmd in redis-server redis-cli redis-benchmark curl jq "$GO"; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		echo "bench.sh: $cmd is missing (scripts/deps.sh redis jq curl installs the system ones)" >&2
		exit 1
	fi
done

# A short folder: unix socket paths must stay under 108 bytes.
work=$(mktemp -d /tmp/luot-bench.XXXXXX)
pids=()

stop_pid() { # pid: SIGTERM, then SIGKILL after 15 s
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 150; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$? i
	trap - EXIT INT TERM
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		stop_pid "${pids[i]}"
	done
	if [ -n "${BENCH_OUT:-}" ]; then
		{ mkdir -p "$BENCH_OUT" && cp "$work"/*.json "$work"/*.csv "$work"/*.tsv "$BENCH_OUT"/; } 2>/dev/null || true
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
exec 3>&2 # the script's stderr, also from inside a redirected step
trap 'echo "bench.sh: interrupted" >&3; exit 130' INT TERM

forget() { # pid: no longer ours to stop
	local keep=() p
	for p in "${pids[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	pids=("${keep[@]}")
}

left() { echo $((BUDGET - (SECONDS - started))); }

# bounded secs cmd…: runs cmd in the background (so that a signal reaches the trap at once)
# under timeout(1), never past the script's budget.
bounded() {
	local secs=$1 p rc=0
	shift
	if (($(left) < secs)); then secs=$(left); fi
	if ((secs <= 0)); then
		echo "bench.sh: the time budget of ${BUDGET}s is spent" >&2
		exit 1
	fi
	timeout -k 5 "$secs" "$@" &
	p=$!
	pids+=("$p")
	wait "$p" || rc=$?
	forget "$p"
	return "$rc"
}

free_port() {
	local p
	for p in $(shuf -i 20000-60999 -n 100); do
		if ! (: >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "bench.sh: no free port found" >&2
	return 1
}

REDIS_PID=
start_redis() { # folder fsync
	local d=$1 i
	mkdir -p "$d"
	redis-server deploy/redis.conf --dir "$d" --unixsocket "$d/redis.sock" --unixsocketperm 700 \
		--appendfsync "$2" --daemonize no --logfile "$d/redis.log" &
	REDIS_PID=$!
	pids+=("$REDIS_PID")
	for ((i = 0; i < 100; i++)); do
		if [ "$(redis-cli -s "$d/redis.sock" ping 2>/dev/null)" = PONG ]; then return 0; fi
		kill -0 "$REDIS_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "bench.sh: redis-server did not start; its log:" >&2
	tail -n 20 "$d/redis.log" >&2 || true
	exit 1
}

stop_redis() {
	stop_pid "$REDIS_PID"
	forget "$REDIS_PID"
}

wait_http() { # url pid log
	local i
	for ((i = 0; i < 200; i++)); do
		if ! kill -0 "$2" 2>/dev/null; then
			echo "bench.sh: the server exited; its log:" >&2
			tail -n 20 "$3" >&2 || true
			exit 1
		fi
		if curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null; then return 0; fi
		sleep 0.05
	done
	echo "bench.sh: $1 did not answer within 10 s" >&2
	exit 1
}

# loadgen_run name url [flags…]: drive a server, the report in $work/name.json.
loadgen_run() {
	local name=$1 url=$2 rc=0
	shift 2
	bounded $((2 * PHASE_MAX + 40)) "$work/luot" loadgen -q -json -url "$url" -site "$SITE" \
		-issue "$N" -concurrency "$C" -duration "${PHASE_MAX}s" "$@" >"$work/$name.json" 2>"$work/$name.err" || rc=$?
	if [ ! -s "$work/$name.json" ]; then
		echo "bench.sh: loadgen $name failed (exit $rc):" >&2
		cat "$work/$name.err" >&2
		exit 1
	fi
	if ((rc != 0)); then
		echo "bench.sh: loadgen $name: $(tail -n 1 "$work/$name.err")" >&2
	fi
}

run_bare() { # fsync-round
	local d="$work/bare-$1" port pid
	start_redis "$d" "${1%-*}"
	port=$(free_port)
	"$work/bare" -addr "127.0.0.1:$port" -redis "unix://$d/redis.sock" -config "$CONFIG" -site "$SITE" >"$d/bare.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	wait_http "http://127.0.0.1:$port/healthz" "$pid" "$d/bare.log"
	loadgen_run "bare-$1" "http://127.0.0.1:$port" -bare
	stop_pid "$pid"
	forget "$pid"
	stop_redis
}

run_full() { # fsync-round
	local d="$work/full-$1" port pid pw token="" i
	start_redis "$d" "${1%-*}"
	port=$(free_port)
	pw=$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9' | head -c 20)
	env -i PATH="$PATH" HOME="${HOME:-/tmp}" LUOT_ADDR="127.0.0.1:$port" REDIS_URL="unix://$d/redis.sock" \
		LUOT_CONFIG="$CONFIG" LUOT_ALWAYS_OPEN=1 LUOT_ADMIN_PASSWORD="$pw" LUOT_LOG_LEVEL=warn \
		LUOT_PUBLIC_URL="http://127.0.0.1:$port" "$work/luot" serve >"$d/serve.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	wait_http "http://127.0.0.1:$port/readyz" "$pid" "$d/serve.log"
	# the admin account is created just after start: retry the login briefly
	for ((i = 0; i < 50; i++)); do
		token=$(curl -sS --max-time 5 -X POST -H 'Content-Type: application/json' \
			-d "{\"username\":\"admin\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/auth/login" |
			jq -r '.token // empty' 2>/dev/null || true)
		[ -n "$token" ] && break
		sleep 0.1
	done
	if [ -z "$token" ]; then
		echo "bench.sh: cannot log in as admin; the server's log:" >&2
		tail -n 20 "$d/serve.log" >&2
		exit 1
	fi
	LUOT_LOADGEN_TOKEN=$token loadgen_run "full-$1" "http://127.0.0.1:$port"
	stop_pid "$pid"
	forget "$pid"
	stop_redis
}

run_redis_benchmark() { # fsync-round
	local d="$work/redis-$1" sha args=()
	start_redis "$d" "${1%-*}"
	"$work/bare" -print-script issue >"$d/issue.lua"
	sha=$(redis-cli -s "$d/redis.sock" -x SCRIPT LOAD <"$d/issue.lua")
	mapfile -t args < <("$work/bare" -print-issue-args -config "$CONFIG" -site "$SITE")
	bounded $((PHASE_MAX + 20)) redis-benchmark -s "$d/redis.sock" -n "$N" -c "$C" -r 1000000000 --csv \
		EVALSHA "$sha" "${args[@]}" >"$work/redis-$1.csv"
	stop_redis
}

echo "bench.sh: building bin/luot and bench/bare into $work" >&2
bounded 150 "$GO" build -o "$work/luot" ./server
bounded 150 "$GO" build -o "$work/bare" ./bench/bare

# record tag path file: the figures of one run, a line per operation, in results.tsv
# (fsync, op, path, round, req/s, p50 ms, p99 ms, failed requests).
record() {
	local fsync=${1%-*} round=${1##*-} path=$2 file=$3 o
	if [ "$path" = redis ]; then
		# "test","rps","avg","min","p50","p95","p99","max"; the test's name holds commas
		tail -n 1 "$file" | tr -d '"' |
			awk -F, -v f="$fsync" -v r="$round" '{ printf "%s\tissue\tredis\t%s\t%s\t%s\t%s\t-\n", f, r, $(NF-6), $(NF-3), $(NF-1) }' >>"$work/results.tsv"
		return
	fi
	for o in issue next; do
		jq -r --arg f "$fsync" --arg r "$round" --arg p "$path" --arg op "$o" \
			'.ops[] | select(.op == $op) | [$f, $op, $p, $r, .rps, .p50_ms, .p99_ms, .requests - .ok] | @tsv' "$file" >>"$work/results.tsv"
	done
}

: >"$work/results.tsv"
rounds_done=0
last_round=0
for ((round = 1; round <= ROUNDS; round++)); do
	# a round must fit in what is left of the budget (its length: the last round's, with margin)
	if ((round > 1 && $(left) < last_round * 13 / 10 + 5)); then
		echo "bench.sh: ${BUDGET}s budget: stopping after $rounds_done rounds" >&2
		break
	fi
	round_start=$SECONDS
	for fsync in $FSYNCS; do
		tag=$fsync-$round
		echo "bench.sh: round $round/$ROUNDS, appendfsync $fsync: bare, full, redis-benchmark ($N tickets, $C clients)" >&2
		# alternate which goes first, so that a drift of the machine's load does not favour one
		if ((round % 2)); then
			run_bare "$tag"
			run_full "$tag"
		else
			run_full "$tag"
			run_bare "$tag"
		fi
		record "$tag" bare "$work/bare-$tag.json"
		record "$tag" full "$work/full-$tag.json"
		run_redis_benchmark "$tag"
		record "$tag" redis "$work/redis-$tag.csv"
	done
	rounds_done=$round
	last_round=$((SECONDS - round_start))
done

# --- The table: medians over the rounds -------------------------------------------------------

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# col fsync op path n: the n-th column (5 req/s, 6 p50, 7 p99) of the matching lines
col() { awk -F'\t' -v f="$1" -v o="$2" -v p="$3" -v n="$4" '$1 == f && $2 == o && $3 == p { print $n }' "$work/results.tsv"; }
fmt() { awk -v x="$1" -v d="$2" 'BEGIN { if (x == "-") print "-"; else printf "%.*f", d, x }'; }
failed() { col "$1" "$2" "$3" 8 | awk '{ s += $1 } END { print s + 0 }'; }
# ratios fsync op: full/bare req/s of each round, then their median
ratios() {
	awk -F'\t' -v f="$1" -v o="$2" '$1 == f && $2 == o && $3 == "full" { full[$4] = $5 } $1 == f && $2 == o && $3 == "bare" { bare[$4] = $5 }
		END { for (r in full) if (bare[r] > 0) print full[r] / bare[r] }' "$work/results.tsv"
}
target() { awk -v r="$1" 'BEGIN { if (r == "-") { print "-"; exit } r = sprintf("%.2f", r); print r (r + 0 >= 0.5 ? " ok" : " <0.5") }'; }
row() { printf '%-11s %-5s %-34s %7s %7s %7s %6s  %s\n' "$@"; }
line() { # fsync op path label [ratio]
	local errs=-
	if [ "$3" != redis ]; then errs=$(failed "$1" "$2" "$3"); fi
	row "$1" "$2" "$4" "$(fmt "$(col "$1" "$2" "$3" 5 | median)" 0)" "$(fmt "$(col "$1" "$2" "$3" 6 | median)" 1)" \
		"$(fmt "$(col "$1" "$2" "$3" 7 | median)" 1)" "$errs" "${5:-}"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo "?")
echo
echo "Lượt performance — $(date +%F), $(nproc) CPUs ($cpu), Redis $(redis-server --version | awk '{print $3}' | tr -d 'v='), $("$GO" env GOVERSION), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$N tickets per run, $C concurrent clients, site $SITE, loopback, Redis AOF on a unix socket; median of $rounds_done rounds"
echo
row appendfsync op path "req/s" "p50 ms" "p99 ms" errors "full/bare (target ≥ 0.5)"
for fsync in $FSYNCS; do
	for o in issue next; do
		line "$fsync" "$o" full "full HTTP path (luot serve)" "$(target "$(ratios "$fsync" "$o" | median)")"
		line "$fsync" "$o" bare "bare fiber + $o.lua"
		if [ "$o" = issue ]; then
			line "$fsync" "$o" redis "redis-benchmark EVALSHA issue.lua"
		fi
	done
done
echo
echo "full/bare per round:"
for fsync in $FSYNCS; do
	for o in issue next; do
		echo "  $fsync $o: $(ratios "$fsync" "$o" | awk '{ printf "%.2f ", $1 }')"
	done
done
read -ra modes <<<"$FSYNCS"
if [ "${#modes[@]}" -ge 2 ]; then
	a=${modes[0]} b=${modes[1]}
	fsync_cost() { awk -v x="$(col "$b" "$1" full 5 | median)" -v y="$(col "$a" "$1" full 5 | median)" 'BEGIN { if (y > 0) printf "×%.2f", x / y; else print "-" }'; }
	echo "fsync cost, full path, req/s with $b ÷ with $a: issue $(fsync_cost issue), next $(fsync_cost next)"
fi
for f in "$work"/full-*.json "$work"/bare-*.json; do
	jq -r --arg f "$(basename "$f" .json)" '.notes[]? | "note (\($f)): \(.)"' "$f"
done
echo "next counts every call, also the last ones that find nobody waiting; req/s = requests ÷ wall time of the phase"
echo "bench.sh: done in $((SECONDS - started)) s" >&2
