package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"luot/server/store"
)

// ErrNotEmpty is a restore into a Redis that already holds Lượt's keys, without Force.
var ErrNotEmpty = errors.New("Redis already holds Lượt's data")

// ErrArchiveConflict is a restore whose archive files differ from files already in the
// archive folder, without Force.
var ErrArchiveConflict = errors.New("the archive folder already holds different files")

// RestoreOptions tune a restore.
type RestoreOptions struct {
	// ArchiveDir is LUOT_ARCHIVE_DIR, where the backup's archive files go.
	ArchiveDir string
	// Force deletes every luot: key of the target first and replaces archive files that
	// differ; without it a restore refuses a Redis with data and changes nothing.
	Force bool
	// Now is the restore's time: keys whose expiry has passed are not written.
	Now time.Time
	// Schema is the newest schema version this binary can serve (store.SchemaVersion).
	Schema int
}

// RestoreResult tells what a restore did.
type RestoreResult struct {
	Manifest *Manifest
	// Wiped is how many keys Force deleted first.
	Wiped                      int
	Restored, Expired, Deleted int
	// Revoked counts the revocations published for the tokens, users and devices the restore
	// deleted or wrote: running servers of the target forget what they had cached of them.
	Revoked int
	// Files were written to the archive folder; Same were there already, identical.
	Files, Same int
}

// manifestLimit bounds manifest.json (a backup of a long-lived province lists a file a day).
const manifestLimit = 16 << 20

// Restore restores the backup file at path into the store and the archive folder. It reads
// the whole file first — manifest, checksums, every record — and changes nothing when
// anything is wrong; then it writes the keys (with their original expiry: a ticket of 30
// days ago still expires 35 days after it was issued), the archive files, and finishes with
// store.AfterRestore (officers' locks, the sites' event streams). Stop the servers of the target Redis first;
// should one still run, every token, user and device the restore deletes or writes is
// revoked on the revocation channel, so that it drops what it cached of them.
func Restore(ctx context.Context, st *store.Store, file string, opts RestoreOptions) (*RestoreResult, error) {
	res := &RestoreResult{}
	m, conflicts, err := verify(file, opts)
	if err != nil {
		return nil, err
	}
	res.Manifest = m
	if len(conflicts) > 0 && !opts.Force {
		return res, fmt.Errorf("%w (%s): pass -force to replace them", ErrArchiveConflict, strings.Join(conflicts[:min(len(conflicts), 5)], ", "))
	}
	full, err := st.HasData(ctx)
	if err != nil {
		return res, err
	}
	if full && !opts.Force {
		return res, fmt.Errorf("%w: restore into an empty Redis, or pass -force to delete every luot: key first", ErrNotEmpty)
	}
	if full {
		if res.Wiped, res.Revoked, err = st.DeleteAll(ctx); err != nil {
			return res, err
		}
	}
	r := st.NewRestorer(opts.Now)
	own := archiveOwner(opts.ArchiveDir)
	err = walk(file, func(name string, body io.Reader) error {
		switch {
		case name == keysName:
			_, err := readRecords(body, func(d store.KeyDump) error { return r.Add(ctx, d) })
			if err != nil {
				return err
			}
			return r.Flush(ctx)
		case strings.HasPrefix(name, archivePath):
			same, err := writeArchiveFile(opts.ArchiveDir, name, body, m.Files[name], own)
			if same {
				res.Same++
			} else if err == nil {
				res.Files++
			}
			return err
		}
		return nil
	})
	res.Restored, res.Expired, res.Deleted = r.Restored, r.Expired, r.Deleted
	res.Revoked += r.Revoked
	if err != nil {
		return res, err
	}
	if err := st.AfterRestore(ctx, m.Sites); err != nil {
		return res, err
	}
	return res, nil
}

// verify reads the whole file: the manifest (first), every file it lists with the right
// checksum and nothing else, every record of the keys; and lists the archive files that
// differ from those already in the archive folder.
func verify(file string, opts RestoreOptions) (*Manifest, []string, error) {
	var m *Manifest
	var conflicts []string
	seen := map[string]bool{}
	err := walk(file, func(name string, body io.Reader) error {
		if m == nil {
			if name != manifestName {
				return fmt.Errorf("%w: it does not start with %s", ErrDamaged, manifestName)
			}
			m = &Manifest{}
			data, err := io.ReadAll(io.LimitReader(body, manifestLimit))
			if err != nil {
				return err
			}
			if err := json.Unmarshal(data, m); err != nil {
				return fmt.Errorf("%w: %s: %v", ErrDamaged, manifestName, err)
			}
			return m.check(opts.Schema)
		}
		want, listed := m.Files[name]
		if !listed || seen[name] {
			return fmt.Errorf("%w: %s is not listed in the manifest, or twice in the file", ErrDamaged, name)
		}
		seen[name] = true
		h := sha256.New()
		body = io.TeeReader(body, h)
		if name == keysName {
			n, err := readRecords(body, func(store.KeyDump) error { return nil })
			if err != nil {
				return err
			}
			if n != m.Keys {
				return fmt.Errorf("%w: %s holds %d records, the manifest says %d", ErrDamaged, name, n, m.Keys)
			}
		} else if _, err := io.Copy(io.Discard, body); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			return fmt.Errorf("%w: %s does not match its checksum", ErrDamaged, name)
		}
		if strings.HasPrefix(name, archivePath) {
			if opts.ArchiveDir == "" {
				return errors.New("the backup holds archive files: name the archive folder (LUOT_ARCHIVE_DIR)")
			}
			if sum, err := fileSum(archiveTarget(opts.ArchiveDir, name)); err == nil && sum != want {
				conflicts = append(conflicts, name)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if m == nil {
		return nil, nil, fmt.Errorf("%w: it is empty", ErrDamaged)
	}
	for name := range m.Files {
		if !seen[name] {
			return nil, nil, fmt.Errorf("%w: %s is missing", ErrDamaged, name)
		}
	}
	return m, conflicts, nil
}

// walk hands every regular file of the backup's tar to fn, in order; a name that is not a
// plain relative path (absolute, with "..", or not of the layout) is ErrDamaged.
func walk(file string, fn func(name string, body io.Reader) error) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		if h.Typeflag != tar.TypeReg {
			return fmt.Errorf("%w: %s is not a regular file", ErrDamaged, h.Name)
		}
		if !validName(h.Name) {
			return fmt.Errorf("%w: unexpected name %q", ErrDamaged, h.Name)
		}
		if err := fn(h.Name, tr); err != nil {
			return err
		}
	}
}

// validName accepts the manifest, the keys and archive/<relative path> without "..".
func validName(name string) bool {
	if name == manifestName || name == keysName {
		return true
	}
	rest, ok := strings.CutPrefix(name, archivePath)
	return ok && rest != "" && path.Clean(name) == name && !strings.Contains(name, "..") && !strings.Contains(name, "\\")
}

// archiveTarget is where an archive file of the backup goes.
func archiveTarget(dir, name string) string {
	return filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(name, archivePath)))
}

// owner is who the archive folder belongs to. A restore run as root gives the folders and
// files it makes to that owner (the server's user): the end-of-day job must go on writing
// there.
type owner struct {
	uid, gid int
	ok       bool
}

// archiveOwner is the owner of dir, or of its parent when it does not exist yet.
func archiveOwner(dir string) owner {
	for _, p := range []string{dir, filepath.Dir(dir)} {
		if fi, err := os.Stat(p); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				return owner{uid: int(st.Uid), gid: int(st.Gid), ok: true}
			}
		}
	}
	return owner{}
}

// give hands paths to the owner, when running as root (otherwise they are the caller's, as
// they should be).
func (o owner) give(paths ...string) error {
	if !o.ok || os.Geteuid() != 0 {
		return nil
	}
	for _, p := range paths {
		if err := os.Lchown(p, o.uid, o.gid); err != nil {
			return err
		}
	}
	return nil
}

// writeArchiveFile writes an archive file atomically (a temporary file, synced, renamed),
// unless an identical one is there (same = true).
func writeArchiveFile(dir, name string, body io.Reader, sum string, own owner) (same bool, err error) {
	target := archiveTarget(dir, name)
	if got, err := fileSum(target); err == nil && got == sum {
		return true, nil
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return false, fmt.Errorf("restore %s: %w", name, err)
	}
	for d := filepath.Dir(target); ; d = filepath.Dir(d) {
		if err := own.give(d); err != nil {
			return false, fmt.Errorf("restore %s: %w", name, err)
		}
		if d == filepath.Clean(dir) || d == filepath.Dir(d) {
			break
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".restore-*")
	if err != nil {
		return false, fmt.Errorf("restore %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, body); err != nil {
		tmp.Close()
		return false, fmt.Errorf("restore %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return false, err
	}
	if err := own.give(tmp.Name()); err != nil {
		return false, err
	}
	return false, os.Rename(tmp.Name(), target)
}

// fileSum is the SHA-256 of a file.
func fileSum(p string) (string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
