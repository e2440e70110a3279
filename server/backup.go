package main

import (
	"context"
	"fmt"
	"io"
)

const backupUsage = `usage: luot backup [-o FILE]

TODO
`

const restoreUsage = `usage: luot restore [-force] FILE

TODO
`

func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet")
}

func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet")
}
