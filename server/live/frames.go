package live

import (
	"encoding/binary"
)

// textFrame encodes data as one final, unmasked websocket text frame, as a server sends it
// (RFC 6455 §5.2).
func textFrame(data []byte) []byte {
	return appendFrame(make([]byte, 0, 10+len(data)), data)
}

// appendFrame appends the text frame of data to b. The hub carries each event encoded once
// for its audience (the topics of topic.go); every connection frames it as it writes, into
// a pooled buffer (joinPool) or its backlog: a header of 2 to 10 bytes and a copy, far below
// the cost of the system call that follows.
func appendFrame(b, data []byte) []byte {
	n := len(data)
	switch {
	case n < 126:
		b = append(b, 0x81, byte(n)) // FIN, text
	case n <= 0xFFFF:
		b = append(b, 0x81, 126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 0x81, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, data...)
}
