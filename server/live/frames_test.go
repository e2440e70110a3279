package live

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestTextFrame(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 1000, 65535, 65536, 200000} {
		data := []byte(strings.Repeat("x", n))
		f := textFrame(data)
		if f[0] != 0x81 {
			t.Fatalf("%d bytes: first byte %#x, want 0x81 (FIN, text)", n, f[0])
		}
		var got, head int
		switch {
		case f[1] < 126:
			got, head = int(f[1]), 2
		case f[1] == 126:
			got, head = int(binary.BigEndian.Uint16(f[2:])), 4
		default:
			got, head = int(binary.BigEndian.Uint64(f[2:])), 10
		}
		if f[1]&0x80 != 0 {
			t.Errorf("%d bytes: masked, but a server never masks", n)
		}
		if got != n || len(f) != head+n {
			t.Errorf("%d bytes: header says %d, frame %d bytes with a %d-byte header", n, got, len(f), head)
		}
	}
}
