package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"luot/server/store"
)

func encode(t testing.TB, dumps []store.KeyDump) []byte {
	t.Helper()
	var b bytes.Buffer
	rw, err := newRecordWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dumps {
		if err := rw.write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRecordsRoundTrip(t *testing.T) {
	in := []store.KeyDump{
		{Key: "luot:{centre}:t:abc", Value: []byte("\x10dump\x00\xff"), ExpireAt: 1795000000000},
		{Key: "luot:{auth}:users", Value: []byte("v")},
		{Key: "luot:{centre}:q:dat-dai"}, // gone: a tombstone
	}
	data := encode(t, in)
	var out []store.KeyDump
	n, err := readRecords(bytes.NewReader(data), func(d store.KeyDump) error { out = append(out, d); return nil })
	if err != nil || n != len(in) {
		t.Fatalf("got %d records, %v", n, err)
	}
	for i := range in {
		if out[i].Key != in[i].Key || out[i].ExpireAt != in[i].ExpireAt || !bytes.Equal(out[i].Value, in[i].Value) || (out[i].Value == nil) != (in[i].Value == nil) {
			t.Errorf("record %d: got %+v, want %+v", i, out[i], in[i])
		}
	}
	for cut := range data {
		if _, err := readRecords(bytes.NewReader(data[:cut]), func(store.KeyDump) error { return nil }); !errors.Is(err, ErrDamaged) {
			t.Fatalf("cut at %d of %d: got %v, want ErrDamaged", cut, len(data), err)
		}
	}
	if _, err := readRecords(bytes.NewReader(append(data, 0)), func(store.KeyDump) error { return nil }); !errors.Is(err, ErrDamaged) {
		t.Errorf("a byte after the end: got %v, want ErrDamaged", err)
	}
}

// FuzzReadRecords: any bytes are read without a panic, within the limits, and what reads
// whole writes back to a file that reads whole.
func FuzzReadRecords(f *testing.F) {
	f.Add(encode(f, []store.KeyDump{{Key: "luot:{x}:t:1", Value: []byte("abc"), ExpireAt: 5}, {Key: "k"}}))
	f.Add([]byte(recordsMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\x7f"))
	f.Add([]byte(recordsMagic + "\x01k\x00\xff\xff\xff\x1f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []store.KeyDump
		_, err := readRecords(bytes.NewReader(data), func(d store.KeyDump) error {
			if len(d.Key) == 0 || len(d.Key) > maxKeyLen || len(d.Value) > maxValueLen || d.ExpireAt < 0 {
				t.Fatalf("a record past the limits: key %d bytes, value %d", len(d.Key), len(d.Value))
			}
			got = append(got, d)
			return nil
		})
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error not ErrDamaged: %v", err)
			}
			return
		}
		again := encode(t, got)
		n, err := readRecords(bytes.NewReader(again), func(store.KeyDump) error { return nil })
		if err != nil || n != len(got) {
			t.Fatalf("read whole, written back, read again: %d records, %v; want %d", n, err, len(got))
		}
	})
}

// smallBackup is a whole backup file made by hand: a manifest, two records, one archive file.
func smallBackup(t testing.TB) []byte {
	t.Helper()
	keys := encode(t, []store.KeyDump{{Key: "luot:{x}:t:1", Value: []byte("abc")}, {Key: "luot:{x}:w"}})
	arch := []byte("day")
	m := &Manifest{Format: Format, Version: Version, Schema: 1, Keys: 2, Sites: []string{"x"},
		Files: map[string]string{keysName: sum(keys), "archive/2026/2026-11-23.jsonl.gz": sum(arch)}}
	body, _ := m.encode()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, f := range []struct {
		name string
		data []byte
	}{{manifestName, body}, {keysName, keys}, {"archive/2026/2026-11-23.jsonl.gz", arch}} {
		if err := addBytes(tw, f.name, f.data, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// FuzzVerify: any file is refused or accepted by the reading pass of a restore without a
// panic, and an accepted one names only files inside the archive folder.
func FuzzVerify(f *testing.F) {
	f.Add(smallBackup(f))
	f.Add([]byte{0x1f, 0x8b})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.tar.gz")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		m, _, err := verify(p, RestoreOptions{ArchiveDir: dir, Schema: 1})
		if err != nil {
			return
		}
		for name := range m.Files {
			if !validName(name) {
				t.Fatalf("accepted a file named %q", name)
			}
		}
	})
}

func TestVerifyAcceptsAWholeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "b.tar.gz")
	os.WriteFile(p, smallBackup(t), 0o600)
	m, conflicts, err := verify(p, RestoreOptions{ArchiveDir: t.TempDir(), Schema: 1})
	if err != nil || m.Keys != 2 || len(conflicts) != 0 {
		t.Fatalf("got %+v, %v, %v", m, conflicts, err)
	}
	if _, _, err := verify(p, RestoreOptions{Schema: 0}); err == nil {
		t.Error("a backup of a newer schema than the binary's was accepted")
	}
}

// TestRestoredArchiveFilesBelongToTheFolder: run as root (as an operator runs luot restore),
// the archive files and folders a restore makes belong to the archive folder's owner (the
// server's user), so the end-of-day job can still write there; run as anyone else they are
// that user's.
func TestRestoredArchiveFilesBelongToTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	want := os.Geteuid()
	if want == 0 {
		want = 4242
		if err := os.Chown(dir, want, want); err != nil {
			t.Fatal(err)
		}
	}
	body := []byte("a day")
	same, err := writeArchiveFile(dir, "archive/2026/2026-11-23.jsonl.gz", bytes.NewReader(body), sum(body), archiveOwner(dir))
	if err != nil || same {
		t.Fatalf("got same %v, %v", same, err)
	}
	for _, p := range []string{filepath.Join(dir, "2026"), filepath.Join(dir, "2026", "2026-11-23.jsonl.gz")} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if uid := int(fi.Sys().(*syscall.Stat_t).Uid); uid != want {
			t.Errorf("%s belongs to %d, want %d", p, uid, want)
		}
	}
	if same, err := writeArchiveFile(dir, "archive/2026/2026-11-23.jsonl.gz", bytes.NewReader(body), sum(body), archiveOwner(dir)); err != nil || !same {
		t.Errorf("the same file again: got same %v, %v; want it left as it is", same, err)
	}
}
