// Package netguard is the server's edge: it caps connections in total and per client address,
// keeps the accept loop alive when the process runs out of file descriptors, and tells the
// client's address behind trusted reverse proxies. Everything an outsider can hold open or
// claim to be is bounded here, before a byte of HTTP is parsed.
package netguard

import (
	"net/netip"
	"strings"
)

// maxHops bounds how much of X-Forwarded-For is read, from the right: a chain of proxies is a
// handful long, and the rest is whatever the client wrote.
const maxHops = 16

// Loopback are the host's own addresses. Connections from them are not capped per address:
// they are a reverse proxy on the same host (all clients look alike when it is not declared
// a trusted proxy) or the host's own tools, never an outsider.
var Loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// Proxies are the networks of the reverse proxies trusted to say, in X-Forwarded-For, whom
// they are forwarding. The zero value trusts nobody.
type Proxies []netip.Prefix

// Trusts reports whether addr is one of the proxies.
func (p Proxies) Trusts(addr netip.Addr) bool { return Within(p, addr) }

// Within reports whether addr is in one of the networks (an IPv4-mapped address as IPv4).
func Within(networks []netip.Prefix, addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, n := range networks {
		if n.Contains(addr) {
			return true
		}
	}
	return false
}

// Client returns the address of the client behind peer, the address that connected: peer
// itself unless it is a trusted proxy; then the right-most hop of X-Forwarded-For (the values
// of every such header, in order) that is not a trusted proxy. Each proxy appends the address
// it saw, so hops to the left of the first untrusted one are the client's own words and
// never believed: a client that rotates a forged X-Forwarded-For is still the address the
// trusted proxy saw. When every hop is a trusted proxy, the left-most one is the client.
func (p Proxies) Client(peer netip.Addr, forwarded [][]byte) netip.Addr {
	peer = peer.Unmap()
	if len(p) == 0 || !p.Trusts(peer) {
		return peer
	}
	client, hops := peer, 0
	for i := len(forwarded) - 1; i >= 0; i-- {
		rest := string(forwarded[i])
		for rest != "" && hops < maxHops {
			var hop string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				hop, rest = rest[j+1:], rest[:j]
			} else {
				hop, rest = rest, ""
			}
			hop = strings.TrimSpace(hop)
			if hop == "" {
				continue
			}
			hops++
			a, ok := parseHop(hop)
			if !ok {
				return client // not an address a proxy writes: the client's own words begin here
			}
			client = a
			if !p.Trusts(a) {
				return a
			}
		}
	}
	return client
}

// parseHop reads one hop of X-Forwarded-For: an address, possibly with a port
// ("192.0.2.7:4711", "[2001:db8::1]:4711"), as some proxies write it.
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Addr().Zone() == "" {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
