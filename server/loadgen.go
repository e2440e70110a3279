package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"luot/config"
	"luot/server/loadgen"
)

const loadgenUsage = `usage: luot loadgen [flags]

Issues tickets over HTTP across a site's services, then has an officer at each of the site's
counters (created for the run, removed after it) call next until the queues are empty, and
prints per operation: requests, throughput, p50/p99/max latency and errors by status.
Loopback targets only (127.0.0.1, ::1, localhost). Outside opening hours, run the server
with LUOT_ALWAYS_OPEN=1.

`

// loadgenCommand is `luot loadgen`: the HTTP load generator of `make bench`.
func loadgenCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var a loadgenArgs
	fs := loadgenFlags(&a, stderr)
	cfg := &a.cfg
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.Token == "" {
		settings, err := config.FromEnv(getenv)
		if err != nil {
			return err
		}
		cfg.Token = settings.LoadgenToken
	}
	if !a.quiet {
		cfg.Log = func(format string, a ...any) { fmt.Fprintf(stderr, "loadgen: "+format+"\n", a...) }
	}
	report, err := loadgen.Run(ctx, *cfg)
	if report != nil {
		var werr error
		if a.asJSON {
			werr = report.WriteJSON(stdout)
		} else {
			werr = report.WriteTable(stdout)
		}
		if err == nil {
			err = werr
		}
		if err == nil && report.Failed() > 0 {
			err = fmt.Errorf("%d requests failed", report.Failed())
		}
	}
	return err
}

// loadgenArgs are what loadgen's flags set.
type loadgenArgs struct {
	cfg           loadgen.Config
	asJSON, quiet bool
}

// loadgenFlags are the flags of loadgen into a; errors and -h go to out.
func loadgenFlags(a *loadgenArgs, out io.Writer) *flag.FlagSet {
	cfg := &a.cfg
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprint(out, loadgenUsage+"flags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the server's base address (loopback only)")
	fs.StringVar(&cfg.Site, "site", "ttpvhcc", "the site whose services and counters are used")
	fs.StringVar(&cfg.Token, "token", "", "an admin's bearer token (default: $LUOT_LOADGEN_TOKEN, which keeps it out of ps)")
	fs.IntVar(&cfg.Issue, "issue", 1000, "number of issue requests")
	fs.IntVar(&cfg.Concurrency, "concurrency", 32, "clients sending requests at once")
	fs.DurationVar(&cfg.Duration, "duration", time.Minute, "each phase (issue, next) stops after this long")
	fs.DurationVar(&cfg.Timeout, "timeout", 10*time.Second, "timeout of one request")
	fs.BoolVar(&cfg.SkipNext, "skip-next", false, "issue only: no officers, no next phase")
	fs.BoolVar(&cfg.Bare, "bare", false, "drive the bench/bare baseline (POST /issue, /next) instead of the API")
	fs.BoolVar(&a.asJSON, "json", false, "print the report as JSON instead of a table")
	fs.BoolVar(&a.quiet, "q", false, "no progress lines on standard error")
	return fs
}
