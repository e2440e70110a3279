package netguard

// CapToFileLimit lowers a cap of connections to what the process's open-file limit leaves
// once it keeps some descriptors for itself (Redis connections, the listener, files of
// reports and archives: a sixteenth of the limit, 64 to 1,024). Past the limit accept fails
// with EMFILE, and so would everything else that opens a file; below it, a connection past
// the cap is refused and the rest of the process works on. It returns the cap and whether
// it was lowered.
func CapToFileLimit(maxConns int) (int, bool) {
	return capTo(maxConns, openFileLimit())
}

func capTo(maxConns, limit int) (int, bool) {
	if limit <= 0 {
		return maxConns, false
	}
	keep := min(max(limit/16, 64), 1024)
	room := max(limit-keep, 1)
	if maxConns > 0 && maxConns <= room {
		return maxConns, false
	}
	return room, true
}
