package live

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

// Frames are the websocket frames of one event, one per audience, made once by the feed and
// shared read-only by every client (hub.Message.Frame).
type Frames struct {
	Public, Staff []byte
}

// frameOf is the frame of a hub message for an audience: the one the feed made, or, for a
// message published without one (a ticket's state, tests), its data framed now.
func frameOf(m *hub.Message, aud Audience) []byte {
	if f, ok := m.Frame.(*Frames); ok {
		if aud == Staff {
			return f.Staff
		}
		return f.Public
	}
	return textFrame(m.Data)
}
