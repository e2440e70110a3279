package loadgen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// NationalConfig is a national run (`luot loadgen -national`): every site of the server's
// organisation, one officer at each counter, Tickets tickets issued, called and finished
// over HTTP, spread over all sites.
type NationalConfig struct {
	// URL is the server's base address (loopback only).
	URL string
	// Token is an admin's bearer token: it reads the sites, issues (staff are not capped
	// like a kiosk) and, without Officers, creates the officers.
	Token string
	// Tickets is the number of tickets to issue, call and finish.
	Tickets int
	// Concurrency is the number of clients sending requests at once.
	Concurrency int
	// Duration bounds the issuing (default 10 min); the calls of what is still waiting and
	// the final finishes then have a fifth of it more (at least 30 s).
	Duration time.Duration
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
	// Officers maps "site/counter" to the bearer token of the officer who opens and works
	// that counter (one officer a counter). Nil: the run creates the officers over HTTP and
	// logs them in — two bcrypt hashes each on the server, far too slow for 15,000; `luot
	// loadgen -national-setup` makes them straight in the store instead.
	Officers map[string]string
	// Log receives progress lines (nil: none).
	Log func(format string, args ...any)
}

// NationalReport is what a national run measured and found.
type NationalReport struct {
	URL         string `json:"url"`
	Sites       int    `json:"sites"`
	Counters    int    `json:"counters"`
	Concurrency int    `json:"concurrency"`
	// Tickets is how many the run was asked for; Issued, Called and Done how many the
	// server acknowledged (201 issue, a next that called it, a 200 that ended it).
	Tickets int `json:"tickets"`
	Issued  int `json:"issued"`
	Called  int `json:"called"`
	Done    int `json:"done"`
	// Seconds is the timed part's wall time, first issue to last finish; TicketsPerSec is
	// Done / Seconds: tickets whose whole life (issue, call, finish) completed a second.
	Seconds       float64 `json:"seconds"`
	TicketsPerSec float64 `json:"tickets_per_sec"`
	// Start and End bound the timed part (for the Redis figures of a runner).
	Start time.Time  `json:"start"`
	End   time.Time  `json:"end"`
	Setup SetupTimes `json:"setup"`
	Ops   []OpStats  `json:"ops"`
	// Problems are the broken invariants Verify found (none: the run is valid).
	Problems []string `json:"problems"`
	Verified bool     `json:"verified"`
	Notes    []string `json:"notes,omitempty"`
}

// SetupTimes are the untimed steps, in seconds.
type SetupTimes struct {
	ReadSites float64 `json:"read_sites"`
	// Officers is the time to create the officers and their sessions (0 when given), by
	// OfficersBy: "http" (created and logged in through the API) or "given".
	Officers   float64 `json:"officers"`
	OfficersBy string  `json:"officers_by"`
	Open       float64 `json:"open_counters"`
	Verify     float64 `json:"verify"`
	Close      float64 `json:"close_counters"`
}

// National is a national run in its three steps: Prepare (untimed), Run (timed), Verify.
type National struct {
	cfg   NationalConfig
	c     *client
	sites []*natSite
	r     *NationalReport

	mu     sync.Mutex
	ledger Ledger
}

type natSite struct {
	id        string
	services  []string                 // those that issue now
	serving   map[string][]*natCounter // service → the open counters that serve it
	counters  []*natCounter
	issuePath string
	issueBody map[string][]byte
	rr        atomic.Uint64
	issued    atomic.Int64
	called    atomic.Int64
}

type natCounter struct {
	site, id string
	token    string
	path     string // …/counters/{id}/
	mu       sync.Mutex
	current  string // the ticket it holds
	broken   bool   // a request failed: its state is unknown, it takes no more part
}

// natView is what the run reads of GET /api/v1/sites/{site}.
type natView struct {
	ID       string `json:"id"`
	Services []struct {
		ID          string `json:"id"`
		Prefix      string `json:"prefix"`
		Waiting     int    `json:"waiting"`
		Issuing     bool   `json:"issuing"`
		IssuedToday int    `json:"issued_today"`
	} `json:"services"`
	Counters []struct {
		ID       string          `json:"id"`
		Services []string        `json:"services"`
		State    string          `json:"state"`
		Ticket   json.RawMessage `json:"ticket"`
	} `json:"counters"`
}

// check validates the config, fills in its defaults and makes the run's client (runClient).
func (c *NationalConfig) check(ctx context.Context) (*client, string, error) {
	if c.Tickets < 0 {
		return nil, "", errors.New("-issue must be 0 or more")
	}
	if err := runDefaults(c.Concurrency, &c.Duration, 10*time.Minute, &c.Timeout, &c.Log); err != nil {
		return nil, "", err
	}
	if c.Token == "" {
		return nil, "", errors.New("-token (an admin's bearer token) is required")
	}
	return runClient(ctx, c.URL, c.Concurrency, c.Timeout)
}

// RunNational prepares, runs and verifies a national run, then closes the counters. The report is returned also
// with an error when it holds figures.
func RunNational(ctx context.Context, cfg NationalConfig) (*NationalReport, error) {
	n, err := PrepareNational(ctx, cfg)
	if err != nil {
		return nil, err
	}
	n.Run(ctx)
	r, err := n.Verify(ctx)
	if cerr := n.Close(ctx); err == nil && cerr != nil {
		err = fmt.Errorf("close the counters: %w", cerr)
	}
	return r, err
}

// PrepareNational reads every site and opens every counter with its officer (untimed).
func PrepareNational(ctx context.Context, cfg NationalConfig) (*National, error) {
	c, base, err := cfg.check(ctx)
	if err != nil {
		return nil, err
	}
	n := &National{cfg: cfg, c: c,
		r: &NationalReport{URL: base, Concurrency: cfg.Concurrency, Tickets: cfg.Tickets}}
	n.ledger.Before = map[string]int{}

	t0 := time.Now()
	if err := n.readSites(ctx); err != nil {
		return nil, err
	}
	n.r.Setup.ReadSites = since(t0)
	t0 = time.Now()
	if cfg.Officers == nil {
		n.r.Setup.OfficersBy = "http"
		if err := n.createOfficers(ctx); err != nil {
			return nil, err
		}
	} else {
		n.r.Setup.OfficersBy = "given"
		for _, s := range n.sites {
			for _, c := range s.counters {
				c.token = cfg.Officers[s.id+"/"+c.id]
			}
		}
	}
	n.r.Setup.Officers = since(t0)
	t0 = time.Now()
	if err := n.openCounters(ctx); err != nil {
		return nil, err
	}
	n.r.Setup.Open = since(t0)
	return n, nil
}

func since(t time.Time) float64 { return round(time.Since(t).Seconds(), 3) }

// eachSite runs f for every site with the run's concurrency and returns the first error.
func (n *National) eachSite(ctx context.Context, f func(*natSite) error) error {
	return share(ctx, n.cfg.Concurrency, len(n.sites), func(_, i int) error { return f(n.sites[i]) })
}

// share has workers goroutines take the items 0…count-1 in turn, each the next one not yet
// taken, and run f(worker, item) until the items run out or ctx ends; a goroutine whose f
// fails stops, and the first failure (else ctx's error) is returned.
func share(ctx context.Context, workers, count int, f func(w, i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= count {
					return
				}
				if err := f(w, i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// readSites lists the sites and reads each one's services and counters.
func (n *National) readSites(ctx context.Context) error {
	var list []struct {
		ID string `json:"id"`
	}
	if err := n.c.call("GET", "/api/v1/sites", "", nil, 200, &list); err != nil {
		return err
	}
	for _, s := range list {
		n.sites = append(n.sites, &natSite{id: s.ID, serving: map[string][]*natCounter{}, issueBody: map[string][]byte{},
			issuePath: "/api/v1/sites/" + url.PathEscape(s.ID) + "/tickets"})
	}
	n.cfg.Log("setup: reading %d sites", len(n.sites))
	var mu sync.Mutex
	err := n.eachSite(ctx, func(s *natSite) error {
		v, err := n.view(s.id)
		if err != nil {
			return err
		}
		for _, sv := range v.Services {
			if sv.Issuing {
				s.services = append(s.services, sv.ID)
				s.issueBody[sv.ID] = fmt.Appendf(nil, `{"service":%q}`, sv.ID)
			}
			mu.Lock()
			if sv.IssuedToday > 0 {
				n.ledger.Before[s.id+"/"+sv.Prefix] = sv.IssuedToday
			}
			mu.Unlock()
		}
		for _, vc := range v.Counters {
			if vc.State != "closed" {
				return fmt.Errorf("counter %s of %s is %s: a national run needs every counter closed (a fresh server)", vc.ID, s.id, vc.State)
			}
			c := &natCounter{site: s.id, id: vc.ID,
				path: "/api/v1/sites/" + url.PathEscape(s.id) + "/counters/" + url.PathEscape(vc.ID) + "/"}
			s.counters = append(s.counters, c)
			for _, svc := range vc.Services {
				s.serving[svc] = append(s.serving[svc], c)
			}
		}
		for _, svc := range s.services {
			if len(s.serving[svc]) == 0 {
				return fmt.Errorf("site %s: no counter serves %s", s.id, svc)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range n.sites {
		n.r.Counters += len(s.counters)
		if len(s.services) == 0 {
			return fmt.Errorf("site %s takes no ticket now (closed?); outside opening hours, start the server with LUOT_ALWAYS_OPEN=1", s.id)
		}
	}
	n.r.Sites = len(n.sites)
	return nil
}

func (n *National) view(site string) (*natView, error) {
	var v natView
	if err := n.c.call("GET", "/api/v1/sites/"+url.PathEscape(site), "", nil, 200, &v); err != nil {
		return nil, fmt.Errorf("read site %s: %w", site, err)
	}
	return &v, nil
}

// NationalOfficer names the officer of a counter in a national run, "nat-ha-noi-0042-q01".
func NationalOfficer(site, counter string) string {
	if name := "nat-" + site + "-" + counter; usernamePattern.MatchString(name) {
		return name
	}
	sum := sha256.Sum256([]byte(site + "/" + counter))
	return "nat-" + hex.EncodeToString(sum[:12])
}

// createOfficers creates each counter's officer through the API and logs them in (bcrypt
// on the server: a few at a time).
func (n *National) createOfficers(ctx context.Context) error {
	n.cfg.Log("setup: creating and logging in %d officers over HTTP (bcrypt: slow for thousands)", n.r.Counters)
	return n.eachCounter(ctx, 4, func(c *natCounter) error {
		name, pw := NationalOfficer(c.site, c.id), randomString(18)
		user := map[string]any{"username": name, "full_name": "Cán bộ " + c.id + " " + c.site, "password": pw,
			"role": "officer", "sites": []string{c.site}}
		if err := n.c.call("POST", "/api/v1/admin/users", n.cfg.Token, user, 201, nil); err != nil {
			return err
		}
		var login struct {
			Token string `json:"token"`
		}
		if err := n.c.call("POST", "/api/v1/auth/login", "", map[string]string{"username": name, "password": pw}, 200, &login); err != nil {
			return err
		}
		c.token = login.Token
		return nil
	})
}

// eachCounter runs f for every counter, conc at a time, and returns the first error.
func (n *National) eachCounter(ctx context.Context, conc int, f func(*natCounter) error) error {
	var all []*natCounter
	for _, s := range n.sites {
		all = append(all, s.counters...)
	}
	return share(ctx, conc, len(all), func(_, i int) error {
		if err := f(all[i]); err != nil {
			return fmt.Errorf("counter %s/%s: %w", all[i].site, all[i].id, err)
		}
		return nil
	})
}

// openCounters has each officer open their counter.
func (n *National) openCounters(ctx context.Context) error {
	n.cfg.Log("setup: opening %d counters", n.r.Counters)
	return n.eachCounter(ctx, n.cfg.Concurrency, func(c *natCounter) error {
		if c.token == "" {
			return errors.New("no officer's token given for it")
		}
		return n.c.call("POST", c.path+"open", c.token, map[string]any{}, 200, nil)
	})
}
