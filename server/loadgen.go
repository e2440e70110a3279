package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

National mode (make bench-national), in three steps:
  luot loadgen -national -sites 3300 -write-org FILE
      writes an organisation of that many sites (about 4.5 counters each) and exits;
  luot loadgen -national-setup TOKENS
      with the server's REDIS_URL and LUOT_CONFIG (that organisation), creates one officer
      per counter with a session straight in the store (one bcrypt hash for all, where the
      API hashes twice per officer) and writes their tokens to TOKENS (mode 0600);
  luot loadgen -national -officers TOKENS -issue 1000000 -duration 10m
      over HTTP only: every officer opens their counter, then the tickets are issued,
      called and finished spread over every site, and every invariant is verified (each
      ticket called once and finished, numbers unique and gapless, nothing left waiting).
      Without -officers, the officers are created and logged in over HTTP (small runs).

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
	switch {
	case a.writeOrg != "":
		if !a.national {
			return errors.New("-write-org needs -national")
		}
		return os.WriteFile(a.writeOrg, loadgen.NationalOrg(a.sites, 1), 0o644)
	case a.setup != "":
		return nationalSetupCommand(ctx, a.setup, getenv, stderr)
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
	if a.national {
		return nationalCommand(ctx, &a, stdout)
	}
	report, err := loadgen.Run(ctx, *cfg)
	if report == nil {
		return err
	}
	return writeReport(report, a.asJSON, stdout, err)
}

// writeReport prints a run's report as a table or JSON; the error is the run's, else the
// writing's, else one saying how many requests failed.
func writeReport(r interface {
	WriteJSON(io.Writer) error
	WriteTable(io.Writer) error
	Failed() int
}, asJSON bool, stdout io.Writer, err error) error {
	write := r.WriteTable
	if asJSON {
		write = r.WriteJSON
	}
	if werr := write(stdout); err == nil {
		err = werr
	}
	if err == nil && r.Failed() > 0 {
		err = fmt.Errorf("%d requests failed", r.Failed())
	}
	return err
}

// loadgenArgs are what loadgen's flags set.
type loadgenArgs struct {
	cfg           loadgen.Config
	asJSON, quiet bool
	// national mode
	national        bool
	sites           int
	writeOrg, setup string
	officers        string
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
	fs.BoolVar(&a.national, "national", false, "national mode: every site of the organisation (see above); -issue is the number of tickets")
	fs.IntVar(&a.sites, "sites", loadgen.DefaultNationalSites, "with -national -write-org: the number of sites")
	fs.StringVar(&a.writeOrg, "write-org", "", "with -national: write a generated organisation to this file and exit")
	fs.StringVar(&a.setup, "national-setup", "", "create an officer and a session per counter in the store (REDIS_URL, LUOT_CONFIG) and write their tokens to this file")
	fs.StringVar(&a.officers, "officers", "", "with -national: the officers' tokens written by -national-setup")
	return fs
}

// nationalCommand runs `luot loadgen -national`.
func nationalCommand(ctx context.Context, a *loadgenArgs, stdout io.Writer) error {
	cfg := loadgen.NationalConfig{URL: a.cfg.URL, Token: a.cfg.Token, Tickets: a.cfg.Issue, Concurrency: a.cfg.Concurrency,
		Duration: a.cfg.Duration, Timeout: a.cfg.Timeout, Log: a.cfg.Log}
	if a.officers != "" {
		f, err := os.Open(a.officers)
		if err != nil {
			return err
		}
		cfg.Officers, err = readOfficers(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", a.officers, err)
		}
	}
	report, err := loadgen.RunNational(ctx, cfg)
	if report == nil {
		return err
	}
	return writeReport(report, a.asJSON, stdout, err)
}

// nationalSetupCommand runs `luot loadgen -national-setup FILE`.
func nationalSetupCommand(ctx context.Context, path string, getenv func(string) string, stderr io.Writer) error {
	settings, org, st, err := toolSetup(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	tokens, err := nationalOfficers(ctx, st, org, settings)
	if err != nil {
		return err
	}
	return writeOfficers(path, tokens)
}
