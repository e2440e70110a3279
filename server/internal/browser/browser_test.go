package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// loopbackPages serves pages (HTML by path) on loopback until the test ends, and starts a
// fresh Chromium of 800×600 whose context ends after limit; it returns the pages' base
// address and that context.
func loopbackPages(t *testing.T, pages map[string]string, limit time.Duration) (string, context.Context) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pages[r.URL.Path])
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := Timeout(New(t, 800, 600), limit)
	t.Cleanup(cancel)
	return srv.URL, ctx
}

// TestChromiumRendersLoopbackPage proves the harness: Chromium starts with the loopback-only
// flags, loads a local page and runs its script.
func TestChromiumRendersLoopbackPage(t *testing.T) {
	base, tctx := loopbackPages(t, map[string]string{
		"/": `<!doctype html><meta charset="utf-8"><title>Lượt</title><p id="x">chờ</p><script>document.getElementById("x").textContent = "Số thứ tự"</script>`,
	}, 30*time.Second)
	var got string
	if err := chromedp.Run(tctx, chromedp.Navigate(base+"/"), chromedp.Text("#x", &got, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if got != "Số thứ tự" {
		t.Fatalf("got %q, want %q", got, "Số thứ tự")
	}
}
