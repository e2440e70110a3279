package browser

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The vendored axe-core: the file and the checksum its README gives.
const (
	axePath   = "assets/vendor/axe-core@4.11.4/axe.min.js"
	axeSHA256 = "fb83a4378d978ecb7d2dae48a3a3778a84c971ac692f3afd45d714fba89c0f0d"
)

// AxeTags are the rules the pages are held to: WCAG 2.0, 2.1 and 2.2, levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join(Root(), axePath))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != axeSHA256 {
		return "", fmt.Errorf("%s: sha256 %s, want %s (the pinned 4.11.4)", axePath, got, axeSHA256)
	}
	return string(b), nil
})

// Violation is one rule that failed, with the elements it failed on.
type Violation struct {
	Rule    string   `json:"rule"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s\n      on %s\n      %s", v.Rule, v.Impact, v.Help, strings.Join(v.Targets, " | "), v.Summary)
}

// axeRun runs the rules over the whole document and returns the violations, each with up to
// five of its elements (the selectors axe gives) and the first element's failure summary.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then((r) =>
  r.violations.map((v) => ({
    rule: v.id, impact: v.impact || "", help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").replace(/\s+/g, " ").slice(0, 400),
  })))`

// settled waits for the page's animations that end (a dialog popping in), not for those
// that repeat for ever (a pulse, a blinking call), nor for more than five seconds.
const settled = `Promise.race([
  Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null))),
  new Promise((r) => setTimeout(r, 5000)),
]).then(() => true)`

// AxeCheck injects axe-core into the page of ctx (the page itself never loads it; the
// DevTools protocol is not bound by the page's CSP) and returns the WCAG A/AA violations.
func AxeCheck(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	tags, _ := json.Marshal(AxeTags)
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var loaded bool
	var found []Violation
	err = chromedp.Run(c,
		chromedp.Evaluate(`typeof window.axe === "object"`, &loaded),
		chromedp.ActionFunc(func(ctx context.Context) error {
			if loaded {
				return nil
			}
			return chromedp.Evaluate(src+"\n;true", &loaded).Do(ctx)
		}),
		// a state is measured once it has settled: a card still fading in has low contrast
		chromedp.Evaluate(settled, nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
		chromedp.Evaluate(fmt.Sprintf(axeRun, tags), &found, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	return found, err
}

// Axe fails the test (and goes on) with every WCAG 2.0–2.2 A/AA violation axe-core finds on
// the page of ctx in its present state, named by state; a screenshot of the state is saved
// under test-output/screenshots/axe-<state>.png when it fails.
func Axe(t testing.TB, ctx context.Context, state string) {
	t.Helper()
	found, err := AxeCheck(ctx)
	if err != nil {
		t.Fatalf("axe on %s: %v", state, err)
	}
	if len(found) == 0 {
		return
	}
	var b strings.Builder
	for _, v := range found {
		b.WriteString("\n  - " + v.String())
	}
	Screenshot(t, ctx, "axe-"+strings.NewReplacer("/", "-", " ", "-").Replace(state))
	t.Errorf("axe: %d WCAG A/AA violation(s) on %s:%s", len(found), state, b.String())
}
