// Command luot is Lượt's one binary: the server and its tools.
//
//	luot serve          run the HTTP and websocket server
//	luot demo           create demo accounts and devices, print URLs and credentials
//	luot check-config   validate an organisation file
//	luot user           create a user or reset a password
//	luot loadgen        load generator: issue and call tickets over HTTP on loopback
//	luot rollup         close past days: report aggregates and the archive file
//	luot backup         write Redis's live state and the archive folder to one file
//	luot restore        restore such a file into an empty Redis
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: luot <command> [arguments]

commands:
  serve                 run the server (settings from LUOT_* and REDIS_URL; see config/example.env)
  demo                  create demo accounts and devices, print every page's URL and the credentials
  check-config [file]   validate an organisation file (default: LUOT_CONFIG)
  user USERNAME ROLE [SITE,...]
                        create or update a user; the password is read from standard input
  loadgen [flags]       issue and call tickets over HTTP on loopback and report throughput and
                        latency (make bench; luot loadgen -h for the flags)
  rollup [YYYY-MM-DD ...]
                        close past days (default: yesterday): roll them up into the reports'
                        aggregates and write their archive under LUOT_ARCHIVE_DIR
  backup [-o FILE]      write the province's live state (Redis) and the archive folder to
                        one file, while the server runs
  restore [-force] FILE
                        restore a backup into an empty Redis and the archive folder

luot <command> -h prints the command's usage and does nothing else.
`

// run is the whole program, testable: arguments, environment and streams are passed in.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if wantsHelp(args[1:]) && commandHelp(args[0], stdout) {
		return 0
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, getenv, stdout, stderr)
	case "demo":
		err = demo(ctx, getenv, stdout, stderr)
	case "check-config":
		err = checkConfig(args[1:], getenv, stdout)
	case "user":
		err = userCommand(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "loadgen":
		err = loadgenCommand(ctx, args[1:], getenv, stdout, stderr)
	case "rollup":
		err = rollupCommand(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		err = backupCommand(ctx, args[1:], getenv, stdout, stderr)
	case "restore":
		err = restoreCommand(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		if len(args) > 1 && commandHelp(args[1], stdout) {
			return 0
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "luot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "luot %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
