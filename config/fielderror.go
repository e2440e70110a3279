package config

import (
	"errors"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"
)

// maxErrors bounds the errors printed: past that, the first ones are enough to act on.
// maxKept bounds the errors kept in memory, only to be counted beyond it.
const (
	maxErrors = 25
	maxKept   = 1000
)

// errTooComplex is panicked by resolve when the node budget runs out and recovered by Parse.
var errTooComplex = errors.New("too many nodes (anchors and aliases expand too far)")

// fieldError is one validation error: where it is and what is wrong.
type fieldError struct {
	file string
	line int
	path string
	msg  string
}

func (e fieldError) Error() string {
	if e.path == "" {
		return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.file, e.line, e.path, e.msg)
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	if len(d.errs) >= maxKept {
		d.more++
		return
	}
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, fieldError{file: d.file, line: line, path: path, msg: fmt.Sprintf(format, args...)})
}

// err returns the collected errors sorted by line, or nil.
func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].line < d.errs[j].line })
	var list []error
	for i, e := range d.errs {
		if i == maxErrors {
			list = append(list, fmt.Errorf("%s: %d more errors", d.file, len(d.errs)+d.more-maxErrors))
			break
		}
		list = append(list, e)
	}
	return errors.Join(list...)
}
