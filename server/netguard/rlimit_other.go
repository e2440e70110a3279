//go:build !unix

package netguard

// openFileLimit cannot tell the limit here.
func openFileLimit() int { return 0 }
