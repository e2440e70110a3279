package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"luot/server/backup"
	"luot/server/store"
)

const backupUsage = `usage: luot backup [-o FILE]

Writes the province's live state to one file while the server runs: every key of Lượt in
Redis (REDIS_URL) — tickets of the last LUOT_TICKET_TTL_DAYS days with their histories,
queues, counters, numbering sequences, report aggregates, users, devices, the schema
version — as a state each site had at one instant, and the archive folder
(LUOT_ARCHIVE_DIR). Login sessions, the sites' event streams and short-lived locks are left
out (manifest.json in the file says so). The file is a gzip-compressed tar, readable with
tar(1); it holds password and token hashes: keep it as secret as the server.

flags:
  -o FILE   the file to write (default luot-backup-<date>-<time>.tar.gz here; - for
            standard output). It is written under FILE.partial and renamed when whole.
`

const restoreUsage = `usage: luot restore [-force] FILE

Restores a file of luot backup into Redis (REDIS_URL) and the archive folder
(LUOT_ARCHIVE_DIR), on this or a new machine. It reads the whole file first and changes
nothing if it is damaged or written by a newer Lượt. It refuses a Redis that already holds
Lượt's keys, and archive files that differ from the backup's, unless -force, which deletes
every luot: key of that Redis first. Stop the servers using that Redis before, start them
after: they migrate the store if the backup is of an older schema. Everyone signs in again;
displays and kiosks keep their pairing.

flags:
  -force    delete every luot: key of the target Redis first and replace differing archive
            files
`

// backupCommand is `luot backup`.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, backupUsage) }
	out := fs.String("o", "", "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	settings, _, st, err := setup(getenv)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	start := time.Now()
	if *out == "" {
		*out = "luot-backup-" + start.Format("20060102-150405") + ".tar.gz"
	}
	opts := backup.Options{ArchiveDir: settings.ArchiveDir, Now: start}
	var m *backup.Manifest
	if *out == "-" {
		m, err = backup.Write(ctx, st, stdout, opts)
		stdout = stderr // the summary must not go into the file
	} else {
		m, err = writeBackupFile(ctx, st, *out, opts)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d keys of %d sites, %d archive files, %s (Redis %s), in %.1f s\n",
		*out, m.Keys, len(m.Sites), len(m.Files)-1, schemaText(m.Schema), m.Redis, time.Since(start).Seconds())
	return nil
}

// writeBackupFile writes the backup to path.partial, then renames it to path.
func writeBackupFile(ctx context.Context, st *store.Store, path string, opts backup.Options) (*backup.Manifest, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s exists; choose another name with -o", path)
	}
	if opts.TempDir == "" {
		opts.TempDir = filepath.Dir(path) // the staging copy goes where the space was chosen
	}
	partial := path + ".partial"
	f, err := os.OpenFile(partial, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer os.Remove(partial) // fails harmlessly once renamed
	m, err := backup.Write(ctx, st, f, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return m, os.Rename(partial, path)
}

// restoreCommand is `luot restore`.
func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, restoreUsage) }
	force := fs.Bool("force", false, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("name the backup file: luot restore [-force] FILE")
	}
	settings, _, st, err := setup(getenv)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	start := time.Now()
	res, err := backup.Restore(ctx, st, fs.Arg(0), backup.RestoreOptions{ArchiveDir: settings.ArchiveDir, Force: *force,
		Now: start, Schema: store.SchemaVersion()})
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Fprintf(stdout, "restored %s (backup of %s, %s): %d keys written, %d expired since, %d archive files written, %d already there",
		fs.Arg(0), m.Created.Format(time.RFC3339), schemaText(m.Schema), res.Restored, res.Expired, res.Files, res.Same)
	if res.Wiped > 0 {
		fmt.Fprintf(stdout, "; %d keys deleted first (-force)", res.Wiped)
	}
	if res.Revoked > 0 {
		fmt.Fprintf(stdout, "; %d tokens, users and devices revoked for running servers", res.Revoked)
	}
	fmt.Fprintf(stdout, ", in %.1f s\n", time.Since(start).Seconds())
	return nil
}

// schemaText names a schema version of a manifest (0: the store had none yet, version 1).
func schemaText(v int) string {
	if v == 0 {
		return "schema version 1 (not recorded yet)"
	}
	return fmt.Sprintf("schema version %d", v)
}
