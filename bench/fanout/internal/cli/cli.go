// Package cli runs the fan-out benchmark's commands (bench/fanout and bench/fanout/bare).
package cli

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Main runs a command with the process's arguments and standard output and error until it
// returns or the process is interrupted or asked to stop (SIGINT, SIGTERM: the context is
// done), and exits with the code it returns.
func Main(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
