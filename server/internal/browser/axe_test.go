package browser

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAxeFindsViolations proves the accessibility helper: on a page with an image without a
// text alternative, a nameless button and grey on white text it reports those rules, and on
// the same page made right it reports nothing.
func TestAxeFindsViolations(t *testing.T) {
	base, tctx := loopbackPages(t, map[string]string{
		"/bad":  `<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button><p style="color:#bbb;background:#fff">Số thứ tự</p></main></body></html>`,
		"/good": `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lượt</title></head><body><main><h1>Lượt</h1><img alt="Mã QR" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button>Lấy số</button><p style="color:#333;background:#fff">Số thứ tự</p></main></body></html>`,
	}, 60*time.Second)

	if err := chromedp.Run(tctx, chromedp.Navigate(base+"/bad")); err != nil {
		t.Fatal(err)
	}
	found, err := AxeCheck(tctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range found {
		got[v.Rule] = true
		if v.Impact == "" || len(v.Targets) == 0 {
			t.Errorf("violation %s without impact or target: %+v", v.Rule, v)
		}
	}
	for _, rule := range []string{"image-alt", "button-name", "color-contrast", "html-has-lang"} {
		if !got[rule] {
			t.Errorf("rule %s not reported on the bad page; got %v", rule, found)
		}
	}

	if err := chromedp.Run(tctx, chromedp.Navigate(base+"/good")); err != nil {
		t.Fatal(err)
	}
	found, err = AxeCheck(tctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Errorf("good page: got %v, want no violation", found)
	}
}
