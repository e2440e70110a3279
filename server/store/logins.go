package store

import (
	"context"
	"fmt"
	"time"

	"luot/server/queue"
)

// LoginLimits is how many login attempts a window allows (queue.LoginLimits).
type LoginLimits = queue.LoginLimits

// loginReply is login.lua's answer.
type loginReply struct {
	Wait int64 `json:"wait"` // ms until the first limit reached frees; 0: go on
}

// loginKeys are login.lua's keys: the attempts of the address at the username, of the
// address, of the username (all in {auth}: a login is rare next to a token's checks).
func loginKeys(addr, user string) []string {
	return []string{loginFailKey("au:" + addr + "|" + user), loginFailKey("a:" + addr), loginFailKey("u:" + user)}
}

// LoginAttempt counts an attempt of addr at user before its password is compared, atomically
// (login.lua): it returns 0, or how long to wait when a limit is reached (nothing counted).
func (s *Store) LoginAttempt(ctx context.Context, addr, user string, lim LoginLimits) (time.Duration, error) {
	var r loginReply
	err := runObject(ctx, loginScript, s.rdb, loginKeys(addr, user),
		[]any{"try", lim.Window.Milliseconds(), lim.AddrUser, lim.Addr, lim.User}, &r)
	if err != nil {
		return 0, fmt.Errorf("count login attempt: %w", err)
	}
	return time.Duration(r.Wait) * time.Millisecond, nil
}

// LoginSucceeded forgets the failures of addr at user and gives the attempt back.
func (s *Store) LoginSucceeded(ctx context.Context, addr, user string) error {
	var r loginReply
	if err := runObject(ctx, loginScript, s.rdb, loginKeys(addr, user), []any{"ok"}, &r); err != nil {
		return fmt.Errorf("clear login attempts: %w", err)
	}
	return nil
}
