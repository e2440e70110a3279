//go:build unix

package netguard

import "syscall"

// openFileLimit returns the process's soft limit of open files, or 0 if it cannot tell.
func openFileLimit() int {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil || r.Cur > 1<<30 {
		return 0
	}
	return int(r.Cur)
}
