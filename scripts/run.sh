#!/usr/bin/env bash
# shellcheck disable=SC2317  # the stop functions run from traps, which shellcheck does not see
# run.sh — `make run`: build, start Redis (unless REDIS_URL is set), start the server with the
# Bình Dương organisation, create the demo accounts and devices, print the URLs and
# credentials, and run until Ctrl-C, which stops what this script started.
#
# Environment (all optional):
#   REDIS_URL            use this Redis; no local redis-server is started
#   LUOT_DATA_DIR        local state and logs (default ./data): redis/ (AOF, socket, pid, log),
#                        luot.log (server log), luot.pid, archive/ (LUOT_ARCHIVE_DIR default)
#   LUOT_ADDR            listen address (default :8080; when unset and 8080 is taken, the next
#                        free port is used; when set and taken, this script stops with an error)
#   LUOT_PUBLIC_URL      default http://localhost:<port>
#   LUOT_ADMIN_PASSWORD  default: a new random password, printed below
#   LUOT_CONFIG          default config/binhduong.yaml
#   LUOT_ALWAYS_OPEN=1   passed through: ignore opening hours (demos and tests)
#   LUOT_READY_TIMEOUT   seconds to wait for /readyz (default 30)
# Any other LUOT_* variable is passed to the server unchanged.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

log() { printf 'run: %s\n' "$*" >&2; }
die() {
	printf 'run: error: %s\n' "$*" >&2
	exit 1
}

# Go where a fresh Debian machine has it.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="/usr/local/go/bin:$PATH"
fi

DATA=${LUOT_DATA_DIR:-$ROOT/data}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
REDIS_DIR=$DATA/redis
REDIS_SOCK=$REDIS_DIR/redis.sock
REDIS_PIDFILE=$REDIS_DIR/redis.pid
REDIS_LOG=$REDIS_DIR/redis.log
SERVER_LOG=$DATA/luot.log
SERVER_PIDFILE=$DATA/luot.pid
READY_TIMEOUT=${LUOT_READY_TIMEOUT:-30}

STARTED_REDIS_PID=""
SERVER_PID=""

# wait_exit pid tenths: waits up to tenths × 0.1 s for a process to exit; fails if it has not.
wait_exit() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	! kill -0 "$1" 2>/dev/null
}

# ---- build ------------------------------------------------------------------------------------

if [ -n "${REDIS_URL:-}" ]; then
	"$ROOT/scripts/deps.sh" curl
else
	"$ROOT/scripts/deps.sh" redis curl
fi

# A first build downloads the Go modules and compiles everything: a few minutes on a small
# machine (270 s on 2 CPUs), with nothing to show; say so, and that it is still going.
if [ -x bin/luot ]; then
	log "building bin/luot (only what changed: seconds)"
else
	log "building bin/luot: the first build downloads and compiles the dependencies, which takes"
	log "a few minutes on a small machine (about 4–5 min on 2 CPUs); later builds take seconds"
fi
build_start=$SECONDS
make -s build &
build_pid=$!
while ! wait_exit "$build_pid" 300; do
	log "still building… ($((SECONDS - build_start)) s)"
done
wait "$build_pid" || die "make build failed (its messages are above)"
[ -x bin/luot ] || die "make build did not produce bin/luot"
log "built bin/luot in $((SECONDS - build_start)) s"

# ---- stopping what we started -----------------------------------------------------------------

stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		log "stopping the server (pid $SERVER_PID)"
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		if ! wait_exit "$SERVER_PID" 150; then # 15 s for a graceful shutdown
			log "the server did not stop within 15 s; killing it"
			kill -KILL "$SERVER_PID" 2>/dev/null || true
		fi
	fi
	wait "$SERVER_PID" 2>/dev/null || true
	rm -f "$SERVER_PIDFILE"
	SERVER_PID=""
}

stop_redis() {
	[ -n "$STARTED_REDIS_PID" ] || return 0
	if kill -0 "$STARTED_REDIS_PID" 2>/dev/null; then
		log "stopping redis-server (pid $STARTED_REDIS_PID)"
		# SHUTDOWN fsyncs the AOF and removes the socket and pidfile.
		redis-cli -s "$REDIS_SOCK" shutdown >/dev/null 2>&1 || kill -TERM "$STARTED_REDIS_PID" 2>/dev/null || true
		if ! wait_exit "$STARTED_REDIS_PID" 100; then
			log "redis-server did not stop within 10 s; killing it"
			kill -KILL "$STARTED_REDIS_PID" 2>/dev/null || true
		fi
	fi
	STARTED_REDIS_PID=""
}

CLEANED=""
cleanup() {
	[ -z "$CLEANED" ] || return 0
	CLEANED=1
	stop_server
	stop_redis
}

on_signal() {
	local sig=$1 code=$2
	trap - INT TERM
	echo >&2
	log "caught SIG$sig"
	cleanup
	log "stopped"
	exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 0' INT
trap 'on_signal TERM 143' TERM

# ---- address ----------------------------------------------------------------------------------

port_in_use() { # host port
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

ADDR=${LUOT_ADDR:-}
if [ -z "$ADDR" ]; then
	HOST="" PORT=8080
	start_port=$PORT
	while port_in_use 127.0.0.1 "$PORT"; do
		PORT=$((PORT + 1))
		[ "$PORT" -lt $((start_port + 100)) ] || die "no free port in $start_port-$PORT; set LUOT_ADDR"
	done
	if [ "$PORT" != "$start_port" ]; then
		log "port $start_port is taken; using $PORT"
	fi
	ADDR=":$PORT"
else
	case "$ADDR" in
	*:*) HOST=${ADDR%:*} PORT=${ADDR##*:} ;;
	*) die "LUOT_ADDR=$ADDR: want host:port or :port" ;;
	esac
	[[ $PORT =~ ^[0-9]+$ ]] || die "LUOT_ADDR=$ADDR: the port is not a number"
	HOST=${HOST#[}
	HOST=${HOST%]}
	probe=${HOST:-127.0.0.1}
	case "$probe" in 0.0.0.0 | ::) probe=127.0.0.1 ;; esac
	if port_in_use "$probe" "$PORT"; then
		die "LUOT_ADDR=$ADDR: port $PORT is already in use (unset LUOT_ADDR to pick a free port)"
	fi
fi
export LUOT_ADDR=$ADDR

case "${HOST:-}" in
"" | 0.0.0.0 | :: | 127.0.0.1 | localhost) LOCAL_HOST=127.0.0.1 URL_HOST=localhost ;;
*:*) LOCAL_HOST=$HOST URL_HOST="[$HOST]" ;;
*) LOCAL_HOST=$HOST URL_HOST=$HOST ;;
esac
case "$LOCAL_HOST" in *:*) LOCAL_URL="http://[$LOCAL_HOST]:$PORT" ;; *) LOCAL_URL="http://$LOCAL_HOST:$PORT" ;; esac
export LUOT_PUBLIC_URL=${LUOT_PUBLIC_URL:-http://$URL_HOST:$PORT}
export LUOT_CONFIG=${LUOT_CONFIG:-config/binhduong.yaml}
# Archived days (reports) next to the rest of this instance's state.
export LUOT_ARCHIVE_DIR=${LUOT_ARCHIVE_DIR:-$DATA/archive}

# ---- Redis ------------------------------------------------------------------------------------

redis_ping() {
	[ "$(redis-cli -s "$1" ping 2>/dev/null)" = PONG ]
}

# start_local_redis starts (or reuses) the project-local redis-server on a unix socket under
# $REDIS_DIR; it never listens on TCP, so it cannot collide with a Redis on 6379.
start_local_redis() {
	mkdir -p "$REDIS_DIR"
	chmod 700 "$REDIS_DIR"
	if [ ${#REDIS_SOCK} -ge 100 ]; then
		die "the socket path $REDIS_SOCK is ${#REDIS_SOCK} bytes, too long for a unix socket; set LUOT_DATA_DIR to a shorter folder"
	fi

	if redis_ping "$REDIS_SOCK"; then
		log "reusing the redis-server already answering on $REDIS_SOCK (it is not stopped on exit)"
		return 0
	fi

	# A redis-server of ours that is still loading its AOF answers -LOADING: wait for it.
	local pid=""
	[ -f "$REDIS_PIDFILE" ] && pid=$(cat "$REDIS_PIDFILE" 2>/dev/null || true)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
		log "redis-server (pid $pid) is running on $REDIS_SOCK but not answering yet; waiting"
		local i
		for ((i = 0; i < 300; i++)); do
			redis_ping "$REDIS_SOCK" && {
				log "reusing it (it is not stopped on exit)"
				return 0
			}
			sleep 0.1
		done
		die "redis-server (pid $pid) does not answer on $REDIS_SOCK; see $REDIS_LOG"
	fi
	rm -f "$REDIS_SOCK" "$REDIS_PIDFILE"

	log "starting redis-server (deploy/redis.conf, data in $REDIS_DIR)"
	# Command-line options come after the file's and override them.
	if ! redis-server "$ROOT/deploy/redis.conf" \
		--port 0 \
		--unixsocket "$REDIS_SOCK" \
		--unixsocketperm 700 \
		--dir "$REDIS_DIR" \
		--pidfile "$REDIS_PIDFILE" \
		--logfile "$REDIS_LOG" \
		--daemonize yes; then
		tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
		die "redis-server failed to start; see $REDIS_LOG"
	fi
	local i
	for ((i = 0; i < 100; i++)); do
		if [ -z "$STARTED_REDIS_PID" ] && [ -s "$REDIS_PIDFILE" ]; then
			STARTED_REDIS_PID=$(cat "$REDIS_PIDFILE")
		fi
		if redis_ping "$REDIS_SOCK"; then
			[ -n "$STARTED_REDIS_PID" ] || STARTED_REDIS_PID=$(cat "$REDIS_PIDFILE")
			return 0
		fi
		sleep 0.1
	done
	tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
	die "redis-server did not answer PING on $REDIS_SOCK within 10 s; see $REDIS_LOG"
}

if [ -n "${REDIS_URL:-}" ]; then
	log "using REDIS_URL=$REDIS_URL (no local redis-server)"
else
	start_local_redis
	export REDIS_URL="unix://$REDIS_SOCK"
fi

# ---- admin password ---------------------------------------------------------------------------

random_password() {
	if command -v openssl >/dev/null 2>&1; then
		openssl rand -base64 32 | tr -dc 'A-Za-z0-9' | head -c 20
	else
		tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20
	fi
}
if [ -z "${LUOT_ADMIN_PASSWORD:-}" ]; then
	LUOT_ADMIN_PASSWORD=$(random_password)
	ADMIN_PASSWORD_NOTE="(random, new at every make run; set LUOT_ADMIN_PASSWORD to choose it)"
else
	ADMIN_PASSWORD_NOTE="(from LUOT_ADMIN_PASSWORD)"
fi
export LUOT_ADMIN_PASSWORD

# ---- server -----------------------------------------------------------------------------------

log "starting bin/luot serve on $LUOT_ADDR (log: $SERVER_LOG)"
{
	echo
	echo "=== $(date -Is) bin/luot serve LUOT_ADDR=$LUOT_ADDR REDIS_URL=$REDIS_URL LUOT_CONFIG=$LUOT_CONFIG"
} >>"$SERVER_LOG"
bin/luot serve >>"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
echo "$SERVER_PID" >"$SERVER_PIDFILE"

# /readyz answers 503 "starting" with the steps still pending (schema, scripts, admin, feed)
# until the server is ready; say which when it takes a while (usually well under a second).
log "waiting until the server is ready ($LOCAL_URL/readyz: store schema, scripts, admin account, live feed)"
ready="" said="" pending=""
ready_start=$SECONDS
deadline=$((SECONDS + READY_TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		wait "$SERVER_PID" 2>/dev/null && code=0 || code=$?
		SERVER_PID=""
		echo "--- last lines of $SERVER_LOG ---" >&2
		tail -n 30 "$SERVER_LOG" >&2
		die "bin/luot serve exited with status $code before it was ready"
	fi
	status=$(curl -sS -o "$DATA/readyz.json" -w '%{http_code}' --max-time 2 "$LOCAL_URL/readyz" 2>/dev/null || true)
	if [ "$status" = 200 ]; then
		ready=1
		break
	fi
	pending=$({ sed -n 's/.*"pending":\[\([^]]*\)\].*/\1/p' "$DATA/readyz.json" | tr -d '"' | sed 's/,/, /g'; } 2>/dev/null || true)
	if [ $((SECONDS - ready_start)) -ge 5 ] && [ "$said" != "$pending" ]; then
		log "still starting; pending: ${pending:-no answer yet} (see $SERVER_LOG)"
		said=$pending
	fi
	sleep 0.2
done
rm -f "$DATA/readyz.json"
if [ -z "$ready" ]; then
	echo "--- last lines of $SERVER_LOG ---" >&2
	tail -n 30 "$SERVER_LOG" >&2
	die "the server did not answer $LOCAL_URL/readyz with 200 within $READY_TIMEOUT s (pending: ${pending:-no answer})"
fi
log "ready in $((SECONDS - ready_start)) s; creating the demo accounts and devices"

# ---- demo accounts ----------------------------------------------------------------------------

# Its stdout is the block of URLs and credentials printed below; its errors go to the terminal.
if ! demo_out=$(bin/luot demo); then
	die "bin/luot demo failed (see its messages above and $SERVER_LOG)"
fi

{
	echo
	echo "================================================================================"
	echo " Lượt is running: $LUOT_PUBLIC_URL"
	echo "   listening on   $LUOT_ADDR (ready: $LOCAL_URL/readyz)"
	echo "   Redis          $REDIS_URL"
	echo "   organisation   $LUOT_CONFIG"
	echo "   server log     $SERVER_LOG"
	if [ -n "$STARTED_REDIS_PID" ]; then
		echo "   Redis log      $REDIS_LOG"
	fi
	if [ -n "${LUOT_ALWAYS_OPEN:-}" ]; then
		echo "   LUOT_ALWAYS_OPEN=$LUOT_ALWAYS_OPEN: opening hours are ignored"
	fi
	echo " admin            user admin, password $LUOT_ADMIN_PASSWORD"
	echo "                  $ADMIN_PASSWORD_NOTE"
	echo "================================================================================"
	echo
	printf '%s\n' "$demo_out"
	echo
	if [ -n "$STARTED_REDIS_PID" ]; then
		echo "Press Ctrl-C to stop the server and the redis-server it started."
	else
		echo "Press Ctrl-C to stop the server."
	fi
}

# ---- wait -------------------------------------------------------------------------------------

# `wait` returns early when a trapped signal arrives; the trap then stops everything.
code=0
wait "$SERVER_PID" || code=$?
SERVER_PID=""
rm -f "$SERVER_PIDFILE"
log "bin/luot serve exited with status $code; see $SERVER_LOG"
tail -n 10 "$SERVER_LOG" >&2
exit "$code"
