package store

import "context"

// Migration is one step of the store's schema, from version To-1 to To. Adding one is a file
// schema_v<To>_<what>.go holding its Run, and one line in Migrations.
type Migration struct {
	// To is the version the step leads to: 2 for the first step.
	To int
	// Name says what it changes, for the log.
	Name string
	// Run migrates from cursor ("" at first; after a crash, the last cursor it saved) and
	// calls save with its progress as it goes (e.g. a SCAN cursor after each batch). It must
	// be idempotent: after a crash it runs again from the last cursor saved, so the work
	// after that cursor is done a second time. An error wrapping queue.ErrUnavailable (Redis
	// down) is tried again later; any other stops the start-up.
	Run func(ctx context.Context, s *Store, cursor string, save func(cursor string) error) error
}

// Migrations is every step, in order. Version 1 is the store as released before versions
// were recorded (no luot:schema key); the code writes version 1+len(Migrations()).
func Migrations() []Migration {
	return []Migration{
		{To: 2, Name: "sessions and device tokens spread over slots", Run: migrateV2TokenSlots}, // schema_v2_token_slots.go
	}
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int { return 1 + len(Migrations()) }
