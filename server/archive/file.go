package archive

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"luot/server/queue"
)

// Entry is one line of an archive file: a ticket of a day with its whole history.
type Entry struct {
	Site    string               `json:"site"`
	Day     string               `json:"day"`
	Ticket  *queue.Ticket        `json:"ticket"`
	History []queue.HistoryEntry `json:"history"`
}

// Path is where the archive of a local day (YYYY-MM-DD) lives under dir:
// dir/2026/2026-11-23.jsonl.gz.
func Path(dir, day string) string {
	year := day
	if len(day) >= 4 {
		year = day[:4]
	}
	return filepath.Join(dir, year, day+".jsonl.gz")
}

// writeFile writes entries as gzip-compressed JSON Lines to path, atomically: a temporary
// file in the same folder, synced, then renamed over the old one.
func writeFile(path string, entries []Entry, at time.Time) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("archive folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rollup-*")
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	zw, err := gzip.NewWriterLevel(tmp, gzip.BestCompression)
	if err != nil {
		tmp.Close()
		return err
	}
	zw.Name, zw.ModTime = filepath.Base(path[:len(path)-3]), at
	bw := bufio.NewWriter(zw)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range entries {
		if err := enc.Encode(&entries[i]); err != nil {
			tmp.Close()
			return fmt.Errorf("archive %s: %w", entries[i].Ticket.ID, err)
		}
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("archive: %w", err)
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return fmt.Errorf("archive: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("archive: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}

// ReadFile reads an archive file back.
func ReadFile(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

// Read reads gzip-compressed JSON Lines of entries; a damaged file is an error naming the
// line, never a partial answer taken for whole.
func Read(r io.Reader) ([]Entry, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var out []Entry
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("archive line %d: %w", line, err)
		}
		if e.Ticket == nil || e.Ticket.ID == "" {
			return nil, fmt.Errorf("archive line %d: no ticket", line)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	return out, nil
}
