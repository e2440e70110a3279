package wiring

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
)

// TestReload: a reloadable server re-reads its organisation file (a new site becomes
// known), a file with errors changes nothing, and a server built without Reloadable
// has no reload (the admin's button answers 409 no_reload).
func TestReload(t *testing.T) {
	env := testenv.New(t)
	path := filepath.Join(t.TempDir(), "org.yaml")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	settings := config.Settings{SessionTTL: time.Hour, PublicURL: "http://localhost:8080", ConfigPath: path}
	w := Build(Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings, Reloadable: true})
	if w.Hub == nil || w.API == nil || w.App == nil || w.Feed == nil {
		t.Fatalf("Build: got %+v, want every part", w)
	}
	before := len(env.Engine.Org().Sites)

	if err := os.WriteFile(path, []byte("sites: [unclosed"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err == nil {
		t.Fatal("a file with errors: got no error")
	}
	if got := len(env.Engine.Org().Sites); got != before {
		t.Fatalf("a file with errors: got %d sites, want the %d of before", got, before)
	}

	grown := strings.Replace(testenv.OrgYAML, "\nsites:\n", "\nsites:\n  - id: extra\n    name: Điểm thêm\n    kind: point\n    parent: centre\n    services: [ho-tich]\n    counters:\n      - {id: e1, number: 1, services: [ho-tich]}\n", 1)
	if grown == testenv.OrgYAML {
		t.Fatal("the test org has no sites: list to grow")
	}
	if err := os.WriteFile(path, []byte(grown), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if env.Engine.Org().Site("extra") == nil {
		t.Fatalf("reload: got sites %d, want the new site extra", len(env.Engine.Org().Sites))
	}

	if w.API.Reload == nil {
		t.Error("Reloadable: got no reload in the API, want the admin's button")
	}
	if fixed := Build(Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings}); fixed.API.Reload != nil {
		t.Error("not Reloadable: got a reload in the API, want none (409 no_reload)")
	}
}
