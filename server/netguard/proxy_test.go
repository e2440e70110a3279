package netguard

import (
	"net/netip"
	"strings"
	"testing"
)

func TestClient(t *testing.T) {
	proxies := Proxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	tests := []struct {
		name      string
		peer      string
		forwarded []string
		want      string
	}{
		{"no proxy: the peer", "192.0.2.7", []string{"203.0.113.9"}, "192.0.2.7"},
		{"a proxy, one hop", "10.0.0.2", []string{"203.0.113.9"}, "203.0.113.9"},
		{"a forged left part is never believed", "10.0.0.2", []string{"1.1.1.1, 2.2.2.2, 203.0.113.9"}, "203.0.113.9"},
		{"two proxies in a row", "10.0.0.2", []string{"1.1.1.1, 203.0.113.9, 10.0.0.3"}, "203.0.113.9"},
		{"several headers read in order", "10.0.0.2", []string{"1.1.1.1", "203.0.113.9, 10.0.0.5"}, "203.0.113.9"},
		{"a port on a hop", "10.0.0.2", []string{"[2001:db9::1]:4711, 10.0.0.9:80"}, "2001:db9::1"},
		{"an IPv4-mapped hop", "::ffff:10.0.0.2", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
		{"no header: the proxy", "10.0.0.2", nil, "10.0.0.2"},
		{"only proxies: the left-most", "10.0.0.2", []string{"10.9.9.9, 2001:db8::7"}, "10.9.9.9"},
		{"garbage right of the proxies: the last proxy", "10.0.0.2", []string{"203.0.113.9, not-an-ip"}, "10.0.0.2"},
		{"garbage left of the client is ignored", "10.0.0.2", []string{"<script>, 203.0.113.9"}, "203.0.113.9"},
		{"empty hops are skipped", "10.0.0.2", []string{" , 203.0.113.9,, "}, "203.0.113.9"},
		{"a zone is no address", "10.0.0.2", []string{"fe80::1%eth0"}, "10.0.0.2"},
	}
	for _, tt := range tests {
		var fwd [][]byte
		for _, f := range tt.forwarded {
			fwd = append(fwd, []byte(f))
		}
		got := proxies.Client(netip.MustParseAddr(tt.peer), fwd)
		if got != netip.MustParseAddr(tt.want) {
			t.Errorf("%s: got %v, want %s", tt.name, got, tt.want)
		}
	}
	if got := (Proxies(nil)).Client(netip.MustParseAddr("10.0.0.2"), [][]byte{[]byte("203.0.113.9")}); got.String() != "10.0.0.2" {
		t.Errorf("no trusted proxies: got %v, want the peer", got)
	}
}

// TestClientRotatingForgery is the attack of issue 10: behind a trusted proxy, a client that
// sends a new X-Forwarded-For every time is still one address.
func TestClientRotatingForgery(t *testing.T) {
	proxies := Proxies{netip.MustParsePrefix("127.0.0.1/32")}
	seen := map[netip.Addr]bool{}
	for i := range 100 {
		forged := netip.AddrFrom4([4]byte{198, 51, 100, byte(i)}).String()
		// nginx's $proxy_add_x_forwarded_for: what the client sent, then the address it saw
		seen[proxies.Client(netip.MustParseAddr("127.0.0.1"), [][]byte{[]byte(forged + ", 203.0.113.9")})] = true
	}
	if len(seen) != 1 || !seen[netip.MustParseAddr("203.0.113.9")] {
		t.Errorf("got clients %v, want only 203.0.113.9", seen)
	}
}

// FuzzClient checks that no header panics, and that the answer is the peer or an address
// the header holds, never a trusted proxy named by the client alone.
func FuzzClient(f *testing.F) {
	for _, s := range []string{"203.0.113.9", "1.1.1.1, 10.0.0.3", "[::1]:80", "fe80::1%lo", ",,,", strings.Repeat("10.0.0.1,", 40)} {
		f.Add(s)
	}
	proxies := Proxies{netip.MustParsePrefix("10.0.0.0/8")}
	peer := netip.MustParseAddr("10.0.0.2")
	f.Fuzz(func(t *testing.T, header string) {
		got := proxies.Client(peer, [][]byte{[]byte(header)})
		if !got.IsValid() || got.Zone() != "" || got.Is4In6() {
			t.Fatalf("%q: got %v, want a plain address", header, got)
		}
		if got != peer && !strings.Contains(header, got.String()) && !strings.Contains(strings.ToLower(header), got.String()) {
			// parsing may canonicalise ("::ffff:1.2.3.4" → 1.2.3.4, "0001::" → 1::), so
			// check it parses from some hop instead
			found := false
			for _, hop := range strings.Split(header, ",") {
				if a, ok := parseHop(strings.TrimSpace(hop)); ok && a == got {
					found = true
				}
			}
			if !found {
				t.Fatalf("%q: got %v, which is neither the peer nor a hop", header, got)
			}
		}
	})
}
