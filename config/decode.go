package config

import (
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// nodeBudget bounds the nodes one Parse visits, so that a few anchors referring to each
// other cannot make a small file expand into billions of nodes. A file without aliases
// visits fewer nodes than it has bytes; merge keys ("<<: *defaults") may repeat some.
func nodeBudget(data []byte) int {
	return 100_000 + 4*len(data)
}

// maxMergeDepth bounds merges of merges: a mapping may merge itself through an anchor.
const maxMergeDepth = 8

// decoder walks a yaml.Node tree and collects every error with its line and field path,
// so that one run of the server shows everything to fix in the file.
type decoder struct {
	file    string
	errs    []fieldError
	more    int // errors past maxKept
	budget  int
	merging int // depth of "<<" merges being decoded
}

// resolve follows aliases and counts the node against the budget.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i > 100 {
			panic(errTooComplex)
		}
		n = n.Alias
	}
	d.budget--
	if d.budget < 0 {
		panic(errTooComplex)
	}
	return n
}

// fields is a decoded mapping: its node (for the line of a missing key), its path and its
// values by key, aliases resolved.
type fields struct {
	node *yaml.Node
	path string
	m    map[string]*yaml.Node
	keys []string // in file order, merged keys last
}

// fields decodes a mapping node. Keys given in the mapping win over keys merged with "<<".
func (d *decoder) fields(n *yaml.Node, path string) fields {
	f := fields{node: n, path: path, m: map[string]*yaml.Node{}}
	if n == nil || isNull(n) {
		return f
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping, got %s", describe(n))
		return f
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "want a plain key, got %s", describe(k))
			continue
		}
		if k.Value == "<<" && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if _, dup := f.m[k.Value]; dup {
			d.errorf(k, join(path, k.Value), "duplicate key")
			continue
		}
		f.m[k.Value] = v
		f.keys = append(f.keys, k.Value)
	}
	for _, m := range merges {
		if d.merging >= maxMergeDepth {
			d.errorf(m, path, "merge keys (<<) nest too deep: does a mapping merge itself?")
			break
		}
		d.merging++
		defer func() { d.merging-- }()
		list := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			list = list[:0]
			for _, c := range m.Content {
				list = append(list, d.resolve(c))
			}
		}
		for _, one := range list {
			mf := d.fields(one, path)
			for _, k := range mf.keys {
				if _, ok := f.m[k]; !ok {
					f.m[k] = mf.m[k]
					f.keys = append(f.keys, k)
				}
			}
		}
	}
	return f
}

// at returns the value of key k, or nil when it is absent or null.
func (f fields) at(k string) *yaml.Node {
	n := f.m[k]
	if n == nil || isNull(n) {
		return nil
	}
	return n
}

// line returns the node of key k for error messages: its value, or the mapping itself.
func (f fields) line(k string) *yaml.Node {
	if n := f.m[k]; n != nil {
		return n
	}
	return f.node
}

// text returns the string at key k ("" when absent).
func (d *decoder) text(f fields, k string) string {
	return d.scalar(f.at(k), join(f.path, k))
}

// need returns the string at key k and reports it when absent or empty.
func (d *decoder) need(f fields, k string) string {
	s := d.text(f, k)
	if strings.TrimSpace(s) == "" && (f.at(k) == nil || f.at(k).Kind == yaml.ScalarNode) {
		d.errorf(f.line(k), join(f.path, k), "required")
	}
	return s
}

// scalar returns the value of a scalar node as a string ("" for nil), in Unicode NFC: the
// API promises NFC, and a name typed on a machine that writes "ệ" decomposed must still
// equal the same name typed elsewhere.
func (d *decoder) scalar(n *yaml.Node, path string) string {
	if n == nil || isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "want a string, got %s", describe(n))
		return ""
	}
	return norm.NFC.String(n.Value)
}

// number returns the integer at key k, def when absent, and reports values outside lo..hi.
func (d *decoder) number(f fields, k string, def, lo, hi int) int {
	n := f.at(k)
	if n == nil {
		return def
	}
	path := join(f.path, k)
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		d.errorf(n, path, "want an integer, got %s", describe(n))
		return def
	}
	if v < lo || v > hi {
		d.errorf(n, path, "%d is out of range %d..%d", v, lo, hi)
	}
	return v
}

// items returns the resolved elements of the sequence at key k, nil when absent.
func (d *decoder) items(f fields, k string) []*yaml.Node {
	n := f.at(k)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, join(f.path, k), "want a list, got %s", describe(n))
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = d.resolve(c)
	}
	return out
}

// needList reports a list at key k that is absent or empty; what names its elements.
// A value that is not a list is left to the decoding, which reports it.
func (d *decoder) needList(f fields, k, what string) {
	if n := f.at(k); n == nil || (n.Kind == yaml.SequenceNode && len(n.Content) == 0) {
		d.errorf(f.line(k), join(f.path, k), "at least one %s is required", what)
	}
}

// str is a string of a list, with its node and path for errors.
type str struct {
	val  string
	node *yaml.Node
	path string
}

// strs returns the strings of the sequence at key k. It reports and leaves out elements that
// are not strings, so that they give one error, not one more for each check.
func (d *decoder) strs(f fields, k string) []str {
	var out []str
	for i, n := range d.items(f, k) {
		path := index(join(f.path, k), i)
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "want a string, got %s", describe(n))
			continue
		}
		out = append(out, str{val: d.scalar(n, path), node: n, path: path})
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node is for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		v := n.Value
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return strconv.Quote(v)
	}
	return "an unexpected node"
}

// join appends a key to a field path; keys that are not plain words are quoted.
func join(path, k string) string {
	if !plainKey(k) {
		k = strconv.Quote(k)
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return k != ""
}

// index appends a list index to a field path.
func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
