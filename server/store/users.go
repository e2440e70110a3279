package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"luot/server/queue"
)

// User is an account (queue.User): the store keeps it.
type User = queue.User

func userFrom(f fields) *User {
	if f["username"] == "" {
		return nil
	}
	u := &User{Username: f["username"], FullName: f["full_name"], Role: queue.Role(f["role"]), Disabled: f["disabled"] == "1",
		Hash: f["hash"], Gen: f["gen"]}
	if f["sites"] != "" {
		u.Sites = strings.Split(f["sites"], ",")
	}
	return u
}

func userFields(u User) []any {
	disabled := "0"
	if u.Disabled {
		disabled = "1"
	}
	return []any{"username", u.Username, "full_name", u.FullName, "role", string(u.Role),
		"sites", strings.Join(u.Sites, ","), "disabled", disabled, "hash", u.Hash, "gen", u.Gen}
}

// CreateUser adds a user, with sessions of a new generation; ErrConflict if the username is taken.
func (s *Store) CreateUser(ctx context.Context, u User) error {
	u.Gen = ""
	ok, err := s.rdb.HSetNX(ctx, userKey(u.Username), "username", u.Username).Result()
	if err != nil {
		return fmt.Errorf("create user: %w", wrap(err))
	}
	if !ok {
		return queue.Fail("user_exists", "user "+u.Username+" exists")
	}
	return s.PutUser(ctx, u)
}

// PutUser creates or replaces a user; one without Gen gets a new one (its sessions end).
func (s *Store) PutUser(ctx context.Context, u User) error {
	if u.Gen == "" {
		u.Gen = newGen()
	}
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, userKey(u.Username), userFields(u)...)
	pipe.SAdd(ctx, usersKey, strings.ToLower(u.Username))
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("put user: %w", wrap(err))
	}
	s.revoke(ctx, "u:"+strings.ToLower(u.Username)) // a new role, sites, generation or a disable
	return nil
}

// User reads a user; ErrNotFound if there is none.
func (s *Store) User(ctx context.Context, name string) (*User, error) {
	return readRecord(ctx, s, userKey(name), userFrom, "user", name)
}

// Users lists every user by username.
func (s *Store) Users(ctx context.Context) ([]*User, error) {
	return readSetRecords(ctx, s, usersKey, userKey, userFrom, "list users")
}

// DeleteUser removes a user; their sessions stop working at once since every request
// reads the user.
func (s *Store) DeleteUser(ctx context.Context, name string) error {
	n, err := s.rdb.Del(ctx, userKey(name)).Result()
	if err != nil {
		return fmt.Errorf("delete user: %w", wrap(err))
	}
	s.rdb.SRem(ctx, usersKey, strings.ToLower(name))
	s.revoke(ctx, "u:"+strings.ToLower(name))
	if n == 0 {
		return fmt.Errorf("user %q: %w", name, queue.ErrNotFound)
	}
	return nil
}

// newGen draws a generation of sessions.
func newGen() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
