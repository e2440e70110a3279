package netguard

import (
	"net/netip"
	"sync"
)

// Gate caps the long-lived connections (websockets) of one client address, as told behind the
// trusted proxies (Proxies.Client). The Listener caps connections per address too, but behind
// a reverse proxy every connection comes from the proxy: only the request says whose it is.
// An upgrade handler calls Enter before upgrading and Leave's function when the socket ends.
type Gate struct {
	max    int
	exempt []netip.Prefix

	mu sync.Mutex
	n  map[netip.Addr]int
}

// NewGate lets each address hold max connections at once (0: no cap), except the addresses
// of exempt, which are not capped.
func NewGate(max int, exempt []netip.Prefix) *Gate {
	return &Gate{max: max, exempt: exempt, n: map[netip.Addr]int{}}
}

// Enter takes a place for addr and returns the function that gives it back (call it once), or
// false when addr holds its max already.
func (g *Gate) Enter(addr netip.Addr) (leave func(), ok bool) {
	addr = addr.Unmap()
	if Within(g.exempt, addr) {
		return func() {}, true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.max > 0 && g.n[addr] >= g.max {
		return nil, false
	}
	g.n[addr]++
	var once sync.Once
	return func() { once.Do(func() { g.leave(addr) }) }, true
}

func (g *Gate) leave(addr netip.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if n := g.n[addr] - 1; n > 0 {
		g.n[addr] = n
	} else {
		delete(g.n, addr)
	}
}

// Held returns how many places addr holds.
func (g *Gate) Held(addr netip.Addr) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n[addr.Unmap()]
}
