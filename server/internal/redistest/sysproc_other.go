//go:build !linux

package redistest

import "syscall"

// sysProcAttr has nothing to add outside Linux: there is no parent-death signal, and a test
// binary that dies without its cleanups leaves its redis-server running.
func sysProcAttr() *syscall.SysProcAttr { return nil }
