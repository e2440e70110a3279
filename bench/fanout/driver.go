package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// driver makes the calls: POST …/next on the full server (after opening the counter with an
// officer of its own and issuing the tickets), or POST /next on the bare broadcaster.
type driver struct {
	base, site, counter string
	full                bool
	token               string
	hc                  *http.Client
}

func (d *driver) do(ctx context.Context, method, path, token string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := d.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// setup prepares the full server: an officer of the site who holds the counter, and
// tickets enough for every call.
func (d *driver) setup(ctx context.Context, adminPassword, service string, tickets int) error {
	if !d.full {
		return nil
	}
	var login struct{ Token string }
	// the server creates the admin just after it starts: retry briefly
	for try := 0; ; try++ {
		err := d.do(ctx, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": adminPassword}, &login)
		if err == nil {
			break
		}
		if try == 50 {
			return fmt.Errorf("admin login (-admin-password): %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	b := make([]byte, 12)
	rand.Read(b)
	name, pw := "fanout-"+hex.EncodeToString(b[:4]), hex.EncodeToString(b)
	user := map[string]any{"username": name, "full_name": "Fan-out bench", "password": pw, "role": "officer", "sites": []string{d.site}}
	if err := d.do(ctx, "POST", "/api/v1/admin/users", login.Token, user, nil); err != nil {
		return err
	}
	if err := d.do(ctx, "POST", "/api/v1/auth/login", "", map[string]string{"username": name, "password": pw}, &login); err != nil {
		return err
	}
	d.token = login.Token
	var open struct {
		Counter struct{ Services []string }
	}
	if err := d.do(ctx, "POST", d.counterPath("open"), d.token, map[string]any{}, &open); err != nil {
		return err
	}
	if service == "" && len(open.Counter.Services) > 0 {
		service = open.Counter.Services[0]
	}
	for i := 0; i < tickets; i++ {
		if err := d.do(ctx, "POST", "/api/v1/sites/"+d.site+"/tickets", d.token, map[string]string{"service": service}, nil); err != nil {
			return err
		}
	}
	return nil
}

func (d *driver) counterPath(action string) string {
	return "/api/v1/sites/" + d.site + "/counters/" + d.counter + "/" + action
}

// next makes one call and returns when the request was sent.
func (d *driver) next(ctx context.Context) (time.Time, error) {
	t0 := time.Now()
	if d.full {
		return t0, d.do(ctx, "POST", d.counterPath("next"), d.token, nil, nil)
	}
	return t0, d.do(ctx, "POST", "/next", "", nil, nil)
}

// goMemory reads the full server's Go heap in use plus its goroutine stacks, in bytes, from
// /metrics (0 for the bare broadcaster, or if it cannot).
func (d *driver) goMemory(ctx context.Context) int64 {
	if !d.full {
		return 0
	}
	req, err := http.NewRequestWithContext(ctx, "GET", d.base+"/metrics", nil)
	if err != nil {
		return 0
	}
	res, err := d.hc.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var total int64
	for _, line := range strings.Split(string(data), "\n") {
		for _, name := range []string{"go_memstats_heap_inuse_bytes ", "go_memstats_stack_inuse_bytes "} {
			if v, ok := strings.CutPrefix(line, name); ok {
				f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
				total += int64(f)
			}
		}
	}
	return total
}
