package store

import (
	"errors"
	"io/fs"
	"regexp"
	"testing"
	"time"

	"luot/server/queue"
)

// errorReply finds the word a script returns with redis.error_reply: the first word of the
// literal that starts its argument.
var errorReply = regexp.MustCompile(`error_reply\(\s*'([a-z_]+)`)

// TestScriptErrorsDeclared reads every embedded script and fails on an error word that
// queue's vocabulary does not declare (a kind's code or a reason), and on a script that
// returns an error_reply the pattern cannot read (a word built at run time).
func TestScriptErrorsDeclared(t *testing.T) {
	files, err := fs.Glob(luaFiles, "lua/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("embedded scripts: got %d (%v), want some", len(files), err)
	}
	calls, words := 0, 0
	for _, f := range files {
		body, err := luaFiles.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		calls += len(regexp.MustCompile(`error_reply\(`).FindAll(body, -1))
		for _, m := range errorReply.FindAllSubmatch(body, -1) {
			words++
			w := string(m[1])
			if queue.KindByCode(w) == nil {
				if _, ok := queue.ReasonOf(w); !ok {
					t.Errorf("%s: error_reply('%s') is declared nowhere in queue's vocabulary", f, w)
				}
			}
		}
	}
	if words != calls {
		t.Errorf("read %d error words in %d error_reply calls: each call must start with a literal word", words, calls)
	}
	if words < 10 {
		t.Errorf("found %d error words, want the scripts' dozens", words)
	}
}

// TestScriptError: a script's words become the declared kinds and reasons, a trailing wait
// becomes a Retry, anything else is no script error.
func TestScriptError(t *testing.T) {
	cases := []struct {
		msg    string
		kind   *queue.Kind
		reason string
		after  time.Duration
	}{
		{"quota_reached", queue.ErrQuotaReached, "", 0},
		{"counter_paused", queue.ErrInvalidState, "counter_paused", 0},
		{"no_ticket", queue.ErrNotFound, "no_ticket", 0},
		{"kiosk_rate 1500", queue.ErrRateLimited, "kiosk_rate", 1500 * time.Millisecond},
		{"kiosk_rate 0", queue.ErrRateLimited, "kiosk_rate", time.Millisecond},
		{"kiosk_rate soon", nil, "", 0},
		{"WRONGTYPE Operation against a key", nil, "", 0},
	}
	for _, c := range cases {
		err := scriptError(c.msg)
		if c.kind == nil {
			if err != nil {
				t.Errorf("%q: got %v, want no script error", c.msg, err)
			}
			continue
		}
		if queue.KindOf(err) != c.kind {
			t.Errorf("%q: got kind %v, want %v", c.msg, queue.KindOf(err), c.kind)
		}
		var p *queue.Problem
		if got := errors.As(err, &p); got != (c.reason != "") || (got && p.Reason != c.reason) {
			t.Errorf("%q: got problem %v, want reason %q", c.msg, p, c.reason)
		}
		var r *queue.Retry
		if got := errors.As(err, &r); got != (c.after > 0) || (got && r.After != c.after) {
			t.Errorf("%q: got retry %v, want after %v", c.msg, r, c.after)
		}
	}
}
