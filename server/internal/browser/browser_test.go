package browser

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestChromiumRendersLoopbackPage proves the harness: Chromium starts with the loopback-only
// flags, loads a local page and runs its script.
func TestChromiumRendersLoopbackPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><title>Lượt</title><p id="x">chờ</p><script>document.getElementById("x").textContent = "Số thứ tự"</script>`)
	}))
	defer srv.Close()
	ctx := New(t, 800, 600)
	tctx, cancel := Timeout(ctx, 30*time.Second)
	defer cancel()
	var got string
	if err := chromedp.Run(tctx, chromedp.Navigate(srv.URL), chromedp.Text("#x", &got, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if got != "Số thứ tự" {
		t.Fatalf("got %q, want %q", got, "Số thứ tự")
	}
}
