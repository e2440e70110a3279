// Command fanout measures the delivery of a call to many websocket clients of one site, on
// loopback: the latency from the `next` request to the receipt of the call by every client
// (p50, p99, max) and the server's memory per connection (the growth of its resident set
// divided by the connections). It runs in its own process, so that the server's memory is
// the server's alone. scripts/bench-fanout.sh runs it against the full server (bin/luot
// serve) and against bench/fanout/bare, a bare broadcaster, side by side.
//
//	fanout -url http://127.0.0.1:8080 -mode full -pid 1234 -clients 5000 -admin-password …
//	fanout -url http://127.0.0.1:9091 -mode bare -pid 1235 -clients 5000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"luot/bench/fanout/internal/cli"
	"luot/server/loadgen"
)

func main() {
	cli.Main(run)
}

// options are the command's flags.
type options struct {
	base, mode, site, counter, service, adminPassword string
	pid, clients, rounds                              int
	interval, timeout                                 time.Duration
	label                                             string
	header, verbose                                   bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("fanout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.base, "url", "http://127.0.0.1:8080", "the server's base address (loopback only)")
	fs.StringVar(&o.mode, "mode", "full", "full (bin/luot serve) or bare (bench/fanout/bare)")
	fs.StringVar(&o.site, "site", "ttpvhcc", "the site whose feed the clients follow (full)")
	fs.StringVar(&o.counter, "counter", "q01", "the counter that calls (full)")
	fs.StringVar(&o.service, "service", "", "the service of the tickets (full; default: the counter's first)")
	fs.StringVar(&o.adminPassword, "admin-password", "", "the admin's password, to create the officer (full)")
	fs.IntVar(&o.pid, "pid", 0, "the server's process id, to read its memory (0: not measured)")
	fs.IntVar(&o.clients, "clients", 1000, "websocket clients")
	fs.IntVar(&o.rounds, "rounds", 20, "calls to measure")
	fs.DurationVar(&o.interval, "interval", 250*time.Millisecond, "pause between calls")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "how long a call may take to reach every client")
	fs.StringVar(&o.label, "label", "", "the row's name (default: mode)")
	fs.BoolVar(&o.header, "header", false, "print the table's header first")
	fs.BoolVar(&o.verbose, "v", false, "print every call's latencies to stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.mode != "full" && o.mode != "bare" {
		fmt.Fprintf(stderr, "fanout: -mode %q: want full or bare\n", o.mode)
		return 2
	}
	if o.clients < 1 || o.rounds < 1 {
		fmt.Fprintln(stderr, "fanout: -clients and -rounds must be at least 1")
		return 2
	}
	u, err := loadgen.CheckLoopback(ctx, o.base)
	if err != nil {
		fmt.Fprintf(stderr, "fanout: %v\n", err)
		return 2
	}
	o.base = u.String()
	if o.label == "" {
		o.label = o.mode
	}
	res, err := measure(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "fanout: %v\n", err)
		return 1
	}
	if o.header {
		fmt.Fprintln(stdout, header)
	}
	fmt.Fprintln(stdout, res.row(o.label))
	return 0
}
