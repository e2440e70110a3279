package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/server/internal/testserver"
)

// wsURL is the websocket address of a path of a running server.
func wsURL(s *testserver.Server, path string) string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + path
}

// dialFeed opens a live feed of s with the given headers (nil for none) and returns the
// connection, or the refusal's status.
func dialFeed(t *testing.T, s *testserver.Server, path string, header http.Header) (*websocket.Conn, int) {
	t.Helper()
	c, res, err := websocket.DefaultDialer.Dial(wsURL(s, path), header)
	if err != nil {
		if res == nil {
			t.Fatalf("dial %s: %v", path, err)
		}
		return nil, res.StatusCode
	}
	t.Cleanup(func() { c.Close() })
	return c, res.StatusCode
}

// bearer is the header of a bearer token.
func bearer(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// recorder keeps every frame a feed sends but pings, raw, as it arrives.
type recorder struct {
	mu     sync.Mutex
	frames [][]byte
	err    error
	more   chan struct{} // a frame arrived
}

// record reads c until it closes.
func record(c *websocket.Conn) *recorder {
	r := &recorder{more: make(chan struct{}, 1)}
	go func() {
		for {
			_, data, err := c.ReadMessage()
			r.mu.Lock()
			if err != nil {
				r.err = err
				r.mu.Unlock()
				return
			}
			if !strings.Contains(string(data), `"type":"ping"`) {
				r.frames = append(r.frames, data)
			}
			r.mu.Unlock()
			select {
			case r.more <- struct{}{}:
			default:
			}
		}
	}()
	return r
}

// all returns the frames so far.
func (r *recorder) all() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.frames...)
}

// until waits (5 s at most) for a frame that satisfies ok and returns the frames up to it.
func (r *recorder) until(t *testing.T, what string, ok func(frame []byte) bool) [][]byte {
	t.Helper()
	deadline := time.After(5 * time.Second)
	seen := 0
	for {
		frames := r.all()
		for ; seen < len(frames); seen++ {
			if ok(frames[seen]) {
				return frames[:seen+1]
			}
		}
		select {
		case <-r.more:
		case <-deadline:
			r.mu.Lock()
			err := r.err
			r.mu.Unlock()
			t.Fatalf("no frame %s within 5 s (%d frames, read error %v); the last: %s", what, len(frames), err, last(frames))
		}
	}
}

// withID matches the frame of an event or snapshot of the given id.
func withID(id string) func([]byte) bool {
	return func(f []byte) bool {
		var m struct{ ID string }
		return json.Unmarshal(f, &m) == nil && m.ID == id
	}
}

func last(frames [][]byte) string {
	if len(frames) == 0 {
		return "(none)"
	}
	return string(frames[len(frames)-1])
}
