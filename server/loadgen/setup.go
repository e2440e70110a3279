package loadgen

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// siteView is what the load generator reads of GET /api/v1/sites/{site} (bench/bare's
// GET /site answers the same shape).
type siteView struct {
	ID       string `json:"id"`
	Services []struct {
		ID          string `json:"id"`
		Waiting     int    `json:"waiting"`
		Issuing     bool   `json:"issuing"`
		Quota       int    `json:"quota"`
		IssuedToday int    `json:"issued_today"`
	} `json:"services"`
	Counters []struct {
		ID    string `json:"id"`
		State string `json:"state"`
	} `json:"counters"`
}

func (s *siteView) waiting() int {
	n := 0
	for _, sv := range s.Services {
		n += sv.Waiting
	}
	return n
}

func (t *target) site() (*siteView, error) {
	path := "/api/v1/sites/" + url.PathEscape(t.cfg.Site)
	if t.cfg.Bare {
		path = "/site"
	}
	var v siteView
	if err := t.c.call("GET", path, "", nil, 200, &v); err != nil {
		return nil, fmt.Errorf("read site %s: %w", t.cfg.Site, err)
	}
	return &v, nil
}

// planIssue spreads n tickets round robin over the services that issue now, within what
// their daily quotas leave, so that a run measures issuing, not quota refusals.
func planIssue(site *siteView, n int) ([]string, string) {
	type svc struct {
		id   string
		left int // -1: no quota
	}
	var open []*svc
	for _, s := range site.Services {
		if !s.Issuing {
			continue
		}
		left := -1
		if s.Quota > 0 {
			left = max(0, s.Quota-s.IssuedToday)
		}
		open = append(open, &svc{s.ID, left})
	}
	plan := make([]string, 0, n)
	for len(plan) < n {
		added := false
		for _, s := range open {
			if len(plan) == n {
				break
			}
			if s.left == 0 {
				continue
			}
			if s.left > 0 {
				s.left--
			}
			plan = append(plan, s.id)
			added = true
		}
		if !added {
			break
		}
	}
	if len(plan) < n && len(plan) > 0 {
		return plan, fmt.Sprintf("the quotas of %s leave %d tickets today; issuing %d, not %d", site.ID, len(plan), len(plan), n)
	}
	return plan, ""
}

// counter is a counter the next phase calls at, with the officer the run created for it.
type counter struct {
	id       string
	user     string // the officer created for it ("" in bare mode)
	password string
	token    string
	opened   bool
	nextPath string
	nextBody []byte
	drained  atomic.Bool
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// officerName names the officer of a run at a counter, e.g. "lg-3fa2c1-q01".
func officerName(run, counterID string, i int) string {
	if name := "lg-" + run + "-" + strings.ToLower(counterID); usernamePattern.MatchString(name) {
		return name
	}
	return fmt.Sprintf("lg-%s-%d", run, i)
}

func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// openCounters makes the counters ready for the next phase and returns them all (also the
// ones that failed, so that release removes what was created); only those with opened set
// take part. Full mode: for each closed counter, an officer of the site is created, logs in
// and opens it (one officer a counter, one counter an officer); counters someone already
// holds are left alone. Bare mode: bench/bare opened every counter at its start.
func (t *target) openCounters(ctx context.Context, site *siteView) ([]*counter, []string, error) {
	var all []*counter
	var notes []string
	for _, sc := range site.Counters {
		c := &counter{id: sc.ID}
		if t.cfg.Bare {
			c.opened = sc.State == "open"
			c.nextPath, c.nextBody = "/next", fmt.Appendf(nil, `{"counter":%q}`, sc.ID)
			all = append(all, c)
			continue
		}
		if sc.State != "closed" {
			notes = append(notes, fmt.Sprintf("counter %s is %s (held by someone else): left out", sc.ID, sc.State))
			continue
		}
		c.nextPath = "/api/v1/sites/" + url.PathEscape(t.cfg.Site) + "/counters/" + url.PathEscape(sc.ID) + "/next"
		all = append(all, c)
	}
	if !t.cfg.Bare {
		b := make([]byte, 3)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		run := hex.EncodeToString(b)
		t.cfg.Log("setup: creating %d officers (lg-%s-*), logging them in, opening their counters", len(all), run)
		var (
			wg  sync.WaitGroup
			mu  sync.Mutex
			sem = make(chan struct{}, 4) // bcrypt on the server: a few at a time
		)
		for i, c := range all {
			c.user, c.password = officerName(run, c.id, i), randomString(18)
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				if err := t.openOne(c); err != nil {
					mu.Lock()
					notes = append(notes, fmt.Sprintf("counter %s: %v: left out", c.id, err))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
	n := 0
	for _, c := range all {
		if c.opened {
			n++
		}
	}
	if n == 0 {
		return all, notes, fmt.Errorf("no counter of %s could be opened for the next phase (%s)", t.cfg.Site, strings.Join(notes, "; "))
	}
	return all, notes, ctx.Err()
}

// openOne creates the counter's officer, logs in and opens the counter.
func (t *target) openOne(c *counter) error {
	user := map[string]any{
		"username": c.user, "full_name": "Loadgen " + c.id, "password": c.password,
		"role": "officer", "sites": []string{t.cfg.Site},
	}
	if err := t.c.call("POST", "/api/v1/admin/users", t.cfg.Token, user, 201, nil); err != nil {
		c.user = "" // not created: nothing to delete
		return err
	}
	var login struct {
		Token string `json:"token"`
	}
	if err := t.c.call("POST", "/api/v1/auth/login", "", map[string]string{"username": c.user, "password": c.password}, 200, &login); err != nil {
		return err
	}
	c.token = login.Token
	open := strings.TrimSuffix(c.nextPath, "/next") + "/open"
	if err := t.c.call("POST", open, c.token, map[string]any{}, 200, nil); err != nil {
		return err
	}
	c.opened = true
	return nil
}

// release undoes openCounters in full mode: each counter closed, each officer logged out and
// deleted. It returns what it could not undo.
func (t *target) release(counters []*counter) []string {
	if t.cfg.Bare {
		return nil
	}
	var notes []string
	var mu sync.Mutex
	var wg sync.WaitGroup
	deadline := time.Now().Add(15 * time.Second)
	for _, c := range counters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var errs []string
			if c.opened && time.Now().Before(deadline) {
				if err := t.c.call("POST", strings.TrimSuffix(c.nextPath, "/next")+"/close", c.token, nil, 200, nil); err != nil {
					errs = append(errs, err.Error())
				}
			}
			if c.token != "" && time.Now().Before(deadline) {
				if err := t.c.call("POST", "/api/v1/auth/logout", c.token, nil, 204, nil); err != nil {
					errs = append(errs, err.Error())
				}
			}
			if c.user != "" && time.Now().Before(deadline) {
				if err := t.c.call("DELETE", "/api/v1/admin/users/"+url.PathEscape(c.user), t.cfg.Token, nil, 204, nil); err != nil {
					errs = append(errs, err.Error())
				}
			}
			if len(errs) > 0 {
				mu.Lock()
				notes = append(notes, fmt.Sprintf("cleanup of counter %s (officer %s): %s", c.id, c.user, strings.Join(errs, "; ")))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return notes
}

// nobodyCalled reports whether a next answer has no ticket: nobody waited for the counter.
func nobodyCalled(body []byte) bool {
	var a struct {
		Ticket json.RawMessage `json:"ticket"`
	}
	if json.Unmarshal(body, &a) != nil {
		return false
	}
	return len(a.Ticket) == 0 || bytes.Equal(a.Ticket, []byte("null"))
}
