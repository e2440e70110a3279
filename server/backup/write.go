package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"luot/server/store"
)

// Options tune a backup.
type Options struct {
	// ArchiveDir is LUOT_ARCHIVE_DIR; "" or a folder that does not exist: no archive.
	ArchiveDir string
	// Now is the backup's time (the manifest's created_at).
	Now time.Time
	// TempDir holds the keys and a copy of the archive while the file is put together
	// (default: the system's temporary folder); it needs about the backup's size.
	TempDir string
	// Snapshot is passed to store.Snapshot (tests).
	Snapshot store.SnapshotOptions
}

// Write backs the store and the archive folder up to w and returns the manifest written.
// The keys are read while the server runs (store.Snapshot); the archive's files, which the
// end-of-day job replaces atomically, are copied first so that their checksums hold.
func Write(ctx context.Context, st *store.Store, w io.Writer, opts Options) (*Manifest, error) {
	stage, err := os.MkdirTemp(opts.TempDir, "luot-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(stage)

	m := &Manifest{Format: Format, Version: Version, Created: opts.Now, Files: map[string]string{}, LeftOut: leftOut}
	schema, err := st.Schema(ctx)
	if err != nil {
		return nil, err
	}
	m.Schema = schema.Version
	if m.Redis, err = st.RedisVersion(ctx); err != nil {
		return nil, err
	}
	if err := writeKeys(ctx, st, filepath.Join(stage, keysName), m, opts.Snapshot); err != nil {
		return nil, err
	}
	archived, err := copyArchive(opts.ArchiveDir, stage, m)
	if err != nil {
		return nil, err
	}

	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	body, err := m.encode()
	if err != nil {
		return nil, err
	}
	if err := addBytes(tw, manifestName, body, opts.Now); err != nil {
		return nil, err
	}
	for _, name := range append([]string{keysName}, archived...) {
		if err := addFile(tw, name, filepath.Join(stage, filepath.FromSlash(name))); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// writeKeys writes the snapshot's records to path and notes them in the manifest.
func writeKeys(ctx context.Context, st *store.Store, path string, m *Manifest, opts store.SnapshotOptions) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	rw, err := newRecordWriter(io.MultiWriter(f, h))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	stats, err := st.Snapshot(ctx, rw.write, opts)
	if err != nil {
		return err
	}
	if err := rw.close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	m.Keys, m.Sites = rw.n, stats.Sites
	if m.Sites == nil {
		m.Sites = []string{}
	}
	m.Files[keysName] = hex.EncodeToString(h.Sum(nil))
	return nil
}

// copyArchive copies the archive folder's files (not the temporary files of a rollup under
// way) under stage/archive and returns their names in the tar, sorted.
func copyArchive(dir, stage string, m *Manifest) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == dir {
				return fs.SkipAll
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := archivePath + filepath.ToSlash(rel)
		sum, err := copyFile(path, filepath.Join(stage, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		m.Files[name] = sum
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: the archive folder: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// copyFile copies src to dst (making its folder) and returns the SHA-256 of what it copied.
func copyFile(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	defer out.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), in); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), out.Close()
}

func addBytes(tw *tar.Writer, name string, body []byte, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(body)), ModTime: at, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err := tw.Write(body)
	return err
}

func addFile(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime(), Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(tw, f); err != nil {
		return fmt.Errorf("backup: %s: %w", name, err)
	}
	return nil
}
