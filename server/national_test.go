package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"luot/server/internal/redistest"
	"luot/server/loadgen"
)

// TestNationalRun is `luot loadgen`'s national mode end to end, as make bench-national runs
// it but small: a generated organisation of 30 sites served by `luot serve` on a real Redis,
// the officers made by -national-setup, then 300 tickets issued, called and finished over
// HTTP and every invariant verified by the run itself.
func TestNationalRun(t *testing.T) {
	rd := redistest.Start(t)
	dir := t.TempDir()
	orgFile, tokens := filepath.Join(dir, "national.yaml"), filepath.Join(dir, "officers")
	ctx := context.Background()
	var out, errs bytes.Buffer
	if code := run(ctx, []string{"loadgen", "-national", "-sites", "30", "-write-org", orgFile}, os.Getenv, nil, &out, &errs); code != 0 {
		t.Fatalf("-write-org: exit %d: %s", code, errs.String())
	}
	env := map[string]string{"REDIS_URL": rd.URL(), "LUOT_CONFIG": orgFile, "LUOT_ADMIN_PASSWORD": "mat-khau-quoc-gia",
		"LUOT_ALWAYS_OPEN": "1"}
	s := startServeReady(t, env)
	token := adminToken(t, s.URL, "mat-khau-quoc-gia")
	getenv := func(k string) string { return env[k] }
	if code := run(ctx, []string{"loadgen", "-national-setup", tokens}, getenv, nil, &out, &errs); code != 0 {
		t.Fatalf("-national-setup: exit %d: %s", code, errs.String())
	}
	if fi, err := os.Stat(tokens); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the tokens file: %v, mode %v; want 0600", err, fi.Mode())
	}

	out.Reset()
	errs.Reset()
	code := run(ctx, []string{"loadgen", "-national", "-officers", tokens, "-url", s.URL, "-token", token,
		"-issue", "300", "-concurrency", "16", "-json", "-q"}, getenv, nil, &out, &errs)
	var r loadgen.NationalReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("exit %d, report %v:\n%s\n%s", code, err, out.String(), errs.String())
	}
	if code != 0 || !r.Verified || len(r.Problems) != 0 {
		t.Fatalf("exit %d, verified %v, problems %v\n%s", code, r.Verified, r.Problems, errs.String())
	}
	if r.Sites != 30 || r.Counters < 90 || r.Counters > 180 || r.Issued != 300 || r.Called != 300 || r.Done != 300 || r.Failed() != 0 {
		t.Errorf("report: %d sites, %d counters, issued %d, called %d, done %d, %d failed; want 30 sites, 90–180 counters, 300 each, none failed",
			r.Sites, r.Counters, r.Issued, r.Called, r.Done, r.Failed())
	}
	t.Logf("setup: read %.1f s, open %.1f s; run %.1f s; verify %.1f s, close %.1f s", r.Setup.ReadSites, r.Setup.Open, r.Seconds, r.Setup.Verify, r.Setup.Close)
	if r.Setup.OfficersBy != "given" || r.TicketsPerSec <= 0 || r.Start.IsZero() || !r.End.After(r.Start) {
		t.Errorf("report: officers by %q, %v tickets/s, %v–%v", r.Setup.OfficersBy, r.TicketsPerSec, r.Start, r.End)
	}

	// a second run on the same server: the numbers go on from where they were, gapless
	out.Reset()
	code = run(ctx, []string{"loadgen", "-national", "-officers", tokens, "-url", s.URL, "-token", token,
		"-issue", "60", "-concurrency", "4", "-q"}, getenv, nil, &out, &errs)
	if code != 0 || !strings.Contains(out.String(), "verified") {
		t.Errorf("second run: exit %d\n%s\n%s", code, out.String(), errs.String())
	}
}
