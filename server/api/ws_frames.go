package api

import (
	"encoding/binary"

	"luot/server/hub"
)

// textFrame encodes data as one final, unmasked websocket text frame, as a server sends it
// (RFC 6455 §5.2). The feed frames every event once; each connection then writes the same
// bytes, the frames of one change in one system call.
func textFrame(data []byte) []byte {
	n := len(data)
	var f []byte
	switch {
	case n < 126:
		f = make([]byte, 2, 2+n)
		f[1] = byte(n)
	case n <= 0xFFFF:
		f = make([]byte, 4, 4+n)
		f[1] = 126
		binary.BigEndian.PutUint16(f[2:], uint16(n))
	default:
		f = make([]byte, 10, 10+n)
		f[1] = 127
		binary.BigEndian.PutUint64(f[2:], uint64(n))
	}
	f[0] = 0x81 // FIN, text
	return append(f, data...)
}

// frameOf is the frame of a hub message: the one the feed made, or made now.
func frameOf(m *hub.Message) []byte {
	if f, ok := m.Frame.([]byte); ok {
		return f
	}
	return textFrame(m.Data)
}
