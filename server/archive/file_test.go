package archive

import (
	"bytes"
	"compress/gzip"
	"path/filepath"
	"testing"
	"time"

	"luot/server/queue"
)

func TestWriteRead(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	entries := []Entry{
		{Site: "s", Day: "2026-11-23", Ticket: &queue.Ticket{ID: "s.a", Number: "A001", IssuedAt: at, Status: queue.Done},
			History: []queue.HistoryEntry{{ID: "1-0", At: at, Type: queue.EvIssued, By: "device:k"}}},
		{Site: "s", Day: "2026-11-23", Ticket: &queue.Ticket{ID: "s.b", Number: "B001", IssuedAt: at, Status: queue.Waiting}},
	}
	path := Path(t.TempDir(), "2026-11-23")
	if filepath.Base(filepath.Dir(path)) != "2026" {
		t.Errorf("path: got %s, want a folder per year", path)
	}
	if err := writeFile(path, entries, at); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].Ticket.Number != "A001" || back[0].History[0].By != "device:k" || back[1].History != nil {
		t.Errorf("got %+v", back)
	}
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestReadRefusesDamage(t *testing.T) {
	for name, data := range map[string][]byte{
		"not gzip":       []byte("{}\n"),
		"not json":       gz("{\"ticket\":\n"),
		"no ticket":      gz("{\"site\":\"s\"}\n"),
		"truncated gzip": gz(`{"ticket":{"id":"x"}}` + "\n")[:20],
	} {
		if _, err := Read(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
	got, err := Read(bytes.NewReader(gz("\n{\"ticket\":{\"id\":\"x\"}}\n\n")))
	if err != nil || len(got) != 1 {
		t.Errorf("blank lines: got %d entries, %v", len(got), err)
	}
}

// FuzzRead: an archive file, however damaged, reads or fails, never panics.
func FuzzRead(f *testing.F) {
	f.Add(gz(`{"site":"s","ticket":{"id":"x","number":"A001"},"history":[{"type":"ticket.issued"}]}` + "\n"))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Read(bytes.NewReader(data))
		if err == nil {
			for _, e := range entries {
				if e.Ticket == nil {
					t.Fatal("an entry without a ticket")
				}
			}
		}
	})
}
