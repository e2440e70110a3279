// Package backup writes a province's live state — every key of Lượt in Redis, as a state each
// site had at one instant (store.Snapshot), and the archive folder — to one file while the
// server runs, and restores it into an empty Redis (and the archive folder) on this or a
// new machine.
//
// The file is a gzip-compressed tar, readable with tar(1):
//
//	manifest.json          what the backup holds and left out, with checksums
//	keys.bin               the Redis keys (records.go)
//	archive/<year>/<day>.jsonl.gz   the archived days, as in LUOT_ARCHIVE_DIR
package backup

import (
	"encoding/json"
	"fmt"
	"time"
)

// Format names the file's layout; Version grows when it changes incompatibly.
const (
	Format  = "luot-backup"
	Version = 1
)

// Manifest is manifest.json.
type Manifest struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Created time.Time `json:"created_at"`
	// Schema is the store's schema version at the backup (0: it had none, version 1); a
	// binary older than it refuses to restore it.
	Schema int `json:"schema"`
	// Redis is the version of the Redis it was read from: RESTORE takes DUMP values of the
	// same or an older Redis only.
	Redis string `json:"redis_version"`
	// Keys is the number of records of keys.bin.
	Keys int `json:"keys"`
	// Sites are the sites with an event stream: a restore marks theirs (store.MarkRestored).
	Sites []string `json:"sites"`
	// Files lists every file of the tar but the manifest with its SHA-256 (hex).
	Files map[string]string `json:"files"`
	// LeftOut says what the backup deliberately does not hold.
	LeftOut []string `json:"left_out"`
}

// leftOut is Manifest.LeftOut, as store/keys_backup.go decides it.
var leftOut = []string{
	"login sessions: everyone signs in again after a restore",
	"login-failure counters and rollup locks",
	"the sites' event streams (displays' replay after a disconnection): after a restore every display takes a fresh snapshot; ticket histories are kept",
}

const (
	manifestName = "manifest.json"
	keysName     = "keys.bin"
	archivePath  = "archive/"
)

// check refuses a manifest this binary cannot restore.
func (m *Manifest) check(schema int) error {
	if m.Format != Format {
		return fmt.Errorf("%w: manifest.json is not of a Lượt backup", ErrDamaged)
	}
	if m.Version > Version {
		return fmt.Errorf("the backup's format version %d is newer than this binary's %d: restore it with the Lượt that wrote it", m.Version, Version)
	}
	if m.Schema > schema {
		return fmt.Errorf("the backup holds a store of schema version %d, newer than this binary's %d: restore it with the Lượt that wrote it", m.Schema, schema)
	}
	if _, ok := m.Files[keysName]; !ok {
		return fmt.Errorf("%w: the manifest lists no %s", ErrDamaged, keysName)
	}
	return nil
}

func (m *Manifest) encode() ([]byte, error) {
	return json.MarshalIndent(m, "", "  ")
}
