package store

import (
	"context"
	"fmt"
	"time"

	"luot/server/queue"
)

// LoginLimits is how many login attempts a window allows (queue.LoginLimits).
type LoginLimits = queue.LoginLimits

func loginKeys(addr, user string) []string {
	return []string{loginFailKey("au:" + addr + "|" + user), loginFailKey("a:" + addr), loginFailKey("u:" + user)}
}

// LoginAttempt counts an attempt of addr at user before its password is compared, atomically
// (login.lua): it returns 0, or how long to wait when a limit is reached (nothing counted).
func (s *Store) LoginAttempt(ctx context.Context, addr, user string, lim LoginLimits) (time.Duration, error) {
	wait, err := loginScript.Run(ctx, s.rdb, loginKeys(addr, user), "try",
		lim.Window.Milliseconds(), lim.AddrUser, lim.Addr, lim.User).Int64()
	if err != nil {
		return 0, fmt.Errorf("count login attempt: %w", wrap(err))
	}
	return time.Duration(wait) * time.Millisecond, nil
}

// LoginSucceeded forgets the failures of addr at user and gives the attempt back.
func (s *Store) LoginSucceeded(ctx context.Context, addr, user string) error {
	if err := loginScript.Run(ctx, s.rdb, loginKeys(addr, user), "ok").Err(); err != nil {
		return fmt.Errorf("clear login attempts: %w", wrap(err))
	}
	return nil
}
