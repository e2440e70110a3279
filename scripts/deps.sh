#!/usr/bin/env bash
# deps.sh — make sure the system programs that `make run` and `make test` need are installed.
#
#   scripts/deps.sh                 everything (same as: all)
#   scripts/deps.sh redis curl      only these
#
# Dependencies (name: the command checked → the Debian package installed):
#   redis     redis-server, redis-cli → redis-server (pulls redis-tools)
#   chromium  chromium                → chromium      (headless browser tests, chromedp)
#   poppler   pdftotext               → poppler-utils (tests that read the PDFs we produce)
#   jq        jq                      → jq            (scripts/smoke-run.sh reads JSON)
#   curl      curl                    → curl          (scripts/run.sh waits for /readyz)
#
# Idempotent: a dependency whose commands are already on PATH is left alone, and nothing is
# fetched when everything is there. As root, missing packages are installed with apt-get
# (one `apt-get update` first); otherwise the exact command to run is printed and the script
# exits 1.
set -euo pipefail

usage() {
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
}

# pkg_for and cmds_for map a dependency name to its Debian package and to the commands that
# prove it is installed.
pkg_for() {
	case "$1" in
	redis) echo redis-server ;;
	chromium) echo chromium ;;
	poppler) echo poppler-utils ;;
	jq) echo jq ;;
	curl) echo curl ;;
	esac
}

cmds_for() {
	case "$1" in
	redis) echo "redis-server redis-cli" ;;
	chromium) echo chromium ;;
	poppler) echo pdftotext ;;
	jq) echo jq ;;
	curl) echo curl ;;
	esac
}

# canonical accepts the command or package name as well as the short name.
canonical() {
	case "$1" in
	redis | redis-server | redis-cli | redis-tools) echo redis ;;
	chromium | chromium-browser | chrome) echo chromium ;;
	poppler | poppler-utils | pdftotext) echo poppler ;;
	jq) echo jq ;;
	curl) echo curl ;;
	*) return 1 ;;
	esac
}

installed() {
	local c
	for c in $(cmds_for "$1"); do
		command -v "$c" >/dev/null 2>&1 || return 1
	done
}

main() {
	local want=() arg name
	if [ $# -eq 0 ]; then
		set -- all
	fi
	for arg in "$@"; do
		case "$arg" in
		-h | --help)
			usage
			return 0
			;;
		all) want+=(redis chromium poppler jq curl) ;;
		*)
			if ! name=$(canonical "$arg"); then
				echo "deps.sh: unknown dependency '$arg' (known: redis chromium poppler jq curl all)" >&2
				return 2
			fi
			want+=("$name")
			;;
		esac
	done

	local missing_pkgs=() missing_names=() seen=" "
	for name in "${want[@]}"; do
		case "$seen" in *" $name "*) continue ;; esac
		seen+="$name "
		if ! installed "$name"; then
			missing_names+=("$name")
			missing_pkgs+=("$(pkg_for "$name")")
		fi
	done

	if [ ${#missing_pkgs[@]} -eq 0 ]; then
		return 0
	fi

	if ! command -v apt-get >/dev/null 2>&1; then
		echo "deps.sh: missing ${missing_names[*]}; this is not a Debian/Ubuntu system (no apt-get)." >&2
		echo "deps.sh: install the equivalents of these Debian packages: ${missing_pkgs[*]}" >&2
		return 1
	fi

	if [ "$(id -u)" -ne 0 ]; then
		echo "deps.sh: missing ${missing_names[*]}. Run:" >&2
		echo "" >&2
		echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing_pkgs[*]}" >&2
		echo "" >&2
		return 1
	fi

	echo "deps.sh: installing ${missing_pkgs[*]} (apt-get)" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends "${missing_pkgs[@]}" >&2

	local still=()
	for name in "${missing_names[@]}"; do
		installed "$name" || still+=("$name ($(cmds_for "$name"))")
	done
	if [ ${#still[@]} -gt 0 ]; then
		echo "deps.sh: apt-get succeeded but these commands are still missing: ${still[*]}" >&2
		return 1
	fi
}

main "$@"
