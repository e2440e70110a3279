package backup

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"luot/server/store"
)

// The keys of a backup are one file, keys.bin: a magic line, then one record a key —
//
//	uvarint len(key), key, varint expiry (Unix ms, 0 never), uvarint len(value)+1 (0: the
//	key is gone), value (Redis's DUMP serialisation)
//
// — and a record with an empty key at the end, so a truncated file is told from a whole one.
const recordsMagic = "LUOT-KEYS 1\n"

// Limits on what a record may claim, so a damaged or hostile file cannot make a restore
// allocate without bound: Lượt's keys are short, and its largest values (a busy day's list
// of tickets, a site's aggregates) are far below the value limit.
const (
	maxKeyLen   = 1 << 10
	maxValueLen = 64 << 20
)

// ErrDamaged is a backup file that is not whole or not one of Lượt.
var ErrDamaged = errors.New("the backup file is damaged or not a backup of Lượt")

// recordWriter writes records.
type recordWriter struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	n   int
}

func newRecordWriter(w io.Writer) (*recordWriter, error) {
	rw := &recordWriter{w: bufio.NewWriterSize(w, 1<<16)}
	_, err := rw.w.WriteString(recordsMagic)
	return rw, err
}

func (rw *recordWriter) uvarint(v uint64) {
	rw.w.Write(rw.buf[:binary.PutUvarint(rw.buf[:], v)])
}

// write writes one record.
func (rw *recordWriter) write(d store.KeyDump) error {
	if d.Key == "" || len(d.Key) > maxKeyLen || len(d.Value) > maxValueLen {
		return fmt.Errorf("backup: key %.40q or its value is too long for a backup record", d.Key)
	}
	rw.uvarint(uint64(len(d.Key)))
	rw.w.WriteString(d.Key)
	rw.w.Write(rw.buf[:binary.PutVarint(rw.buf[:], d.ExpireAt)])
	if d.Value == nil {
		rw.uvarint(0)
	} else {
		rw.uvarint(uint64(len(d.Value)) + 1)
		rw.w.Write(d.Value)
	}
	rw.n++
	return nil
}

// close writes the end record and flushes.
func (rw *recordWriter) close() error {
	rw.uvarint(0)
	return rw.w.Flush()
}

// readRecords reads every record of r, handing each to fn, and returns how many; a file
// without its end record, with bytes after it, or with a record past the limits is
// ErrDamaged.
func readRecords(r io.Reader, fn func(store.KeyDump) error) (int, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic := make([]byte, len(recordsMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != recordsMagic {
		return 0, fmt.Errorf("%w: keys.bin does not start as one", ErrDamaged)
	}
	damaged := func(n int, what string) error {
		return fmt.Errorf("%w: keys.bin, record %d: %s", ErrDamaged, n+1, what)
	}
	for n := 0; ; n++ {
		klen, err := binary.ReadUvarint(br)
		if err != nil {
			return n, damaged(n, "truncated")
		}
		if klen == 0 {
			if _, err := br.ReadByte(); err != io.EOF {
				return n, damaged(n, "bytes after the end")
			}
			return n, nil
		}
		if klen > maxKeyLen {
			return n, damaged(n, "key too long")
		}
		key := make([]byte, klen)
		if _, err := io.ReadFull(br, key); err != nil {
			return n, damaged(n, "truncated key")
		}
		at, err := binary.ReadVarint(br)
		if err != nil || at < 0 {
			return n, damaged(n, "bad expiry")
		}
		vlen, err := binary.ReadUvarint(br)
		if err != nil || vlen > maxValueLen+1 {
			return n, damaged(n, "bad value length")
		}
		d := store.KeyDump{Key: string(key), ExpireAt: at}
		if vlen > 0 {
			// grown as it is read: a damaged length costs no more memory than the bytes there
			var b bytes.Buffer
			if _, err := io.CopyN(&b, br, int64(vlen-1)); err != nil {
				return n, damaged(n, "truncated value")
			}
			d.Value = append([]byte{}, b.Bytes()...)
		}
		if err := fn(d); err != nil {
			return n, err
		}
	}
}
