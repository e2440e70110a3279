package config

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that no file, however broken, panics the loader, that every error names
// the file, and that what loads is consistent.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(shipped); err == nil {
		f.Add(data)
	}
	f.Add(doc(nil))
	f.Add([]byte(treeDoc))
	f.Add([]byte(openDoc))
	f.Add([]byte(aliasBomb()[:300]))
	f.Add([]byte("name: X\nsites: [{id: a, parent: a}]\n"))
	f.Add([]byte("hours: {mon: [\"07:30-11:30\", \"11:00-12:00\"]}\n"))
	f.Add([]byte("- [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if o != nil {
				t.Fatalf("got an Org and error %v", err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.yaml") {
					t.Fatalf("got error line %q, want it to name the file", line)
				}
			}
			return
		}
		for i := range o.Sites {
			s := &o.Sites[i]
			if o.Site(s.ID) != s || s.Location() == nil {
				t.Fatalf("site %q: lookup or location broken", s.ID)
			}
			for _, c := range s.Counters {
				for _, id := range c.Services {
					if !s.Offers(id) || o.Service(id) == nil {
						t.Fatalf("site %q counter %q serves %q, not offered", s.ID, c.ID, id)
					}
				}
			}
			if len(o.Subtree(s.ID)) == 0 {
				t.Fatalf("site %q: empty subtree", s.ID)
			}
		}
	})
}

// FuzzParseNetworks checks the CIDR lists of the settings: nothing panics, and what parses
// is canonical (masked, IPv4 unmapped) and contains the address it was written with.
func FuzzParseNetworks(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", " 127.0.0.1, ::1 ", "::ffff:10.0.0.0/104", "fe80::1%eth0", "1.2.3.4/40", ",,", "192.168.1.7/24"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		got, err := ParseNetworks(list)
		if err != nil {
			return
		}
		for _, p := range got {
			if !p.IsValid() || p != p.Masked() || p.Addr().Is4In6() {
				t.Fatalf("%q: got %v, want a valid, masked, unmapped prefix", list, p)
			}
		}
	})
}
