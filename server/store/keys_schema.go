package store

// The key of the store's schema version (the other keys are in keys.go and keys_report.go).
//
//	luot:schema   hash   version (the shape of every other key; absent before version 2 of
//	                     the code, which counts as version 1), and while a migration runs:
//	                     step, cursor, lock, lock_until (lua/schema.lua)
//
// A migration step that changes key shapes changes keys.go, the scripts and this version
// together: see schema_steps.go.
const schemaKey = "luot:schema"
