package testserver

import (
	"path/filepath"
	"testing"

	"luot/config"
	"luot/server/internal/browser"
)

// ShippedOrg is the organisation the repository ships, config/binhduong.yaml (101 sites).
func ShippedOrg(t testing.TB) *config.Org {
	t.Helper()
	org, err := config.Load(filepath.Join(browser.Root(), "config", "binhduong.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return org
}
