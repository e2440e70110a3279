// Command bare is the baseline of the fan-out benchmark: the minimal fiber websocket
// broadcaster (bench/fanout/internal/broadcast). Every client of GET /ws is kept in a set;
// POST /next writes one frame, the size of a real call event, to every connection in turn, in
// the request's goroutine. No hub, no queues, no Redis. scripts/bench-fanout.sh measures it
// beside the full server.
//
//	bare -addr 127.0.0.1:9091
package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"luot/bench/fanout/internal/broadcast"
	"luot/bench/fanout/internal/cli"
)

func main() {
	cli.Main(run)
}

// run serves the broadcaster until ctx is done; it exits with 1 on a bad flag or when it
// cannot listen.
func run(ctx context.Context, args []string, _, stderr io.Writer) int {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9091", "listen address")
	err := fs.Parse(args)
	if err == nil {
		app := broadcast.New()
		go func() {
			<-ctx.Done()
			app.Shutdown()
		}()
		err = app.Listen(*addr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "bare: %v\n", err)
		return 1
	}
	return 0
}
