package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// A token — a login session's or a device's — is kept only as its SHA-256, in keys tagged by
// that hash (keys.go): resolving one is a script in the token's slot (auth.lua), then one read
// of its user or device in {auth}; the token cache (tokencache.go) spares both for the next
// few seconds. Two single-slot calls rather than one script, so that the country's token
// checks spread over the cluster instead of landing on one slot; what ends a token is checked
// in the second read, so nothing that ends a token has to reach every token's slot:
//   - a session holds its user's generation: a reset (a new generation), a disable or a
//     delete of the user ends all their sessions at once, wherever they are;
//   - a device's record names the hash of its one valid token: re-pairing or re-registering it
//     names another one, deleting it removes the record. Its old token's key, deleted after,
//     resolves to nothing valid in the meantime.

// HashToken is how tokens are kept: only their SHA-256, so a copy of Redis holds no usable token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewSession records a login session of u for a token, under u's generation.
func (s *Store) NewSession(ctx context.Context, token string, u *User, csrf string, ttl time.Duration) error {
	key := sessionKey(HashToken(token))
	pipe := s.rdb.TxPipeline() // one key: one slot
	pipe.HSet(ctx, key, "username", u.Username, "gen", u.Gen, "csrf", csrf)
	pipe.Expire(ctx, key, ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("new session: %w", wrap(err))
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	h := HashToken(token)
	err := wrap(s.rdb.Del(ctx, sessionKey(h)).Err())
	s.revoke(ctx, "t:"+h)
	return err
}

// Principal is what a token stands for (queue.Principal).
type Principal = queue.Principal

// Resolve finds the session or device of a token; ErrUnauthorized if it has none.
func (s *Store) Resolve(ctx context.Context, token string) (*Principal, error) {
	h := HashToken(token)
	now := time.Now()
	if p, ok := s.tokens.get(h, now); ok {
		return p, nil
	}
	gen := s.tokens.gen.Load()
	p, err := s.resolve(ctx, h)
	if err == nil {
		s.tokens.put(h, p, now, gen)
	}
	return p, err
}

// authReply is auth.lua's answer.
type authReply struct {
	Kind     string `json:"kind"` // "session", "device" or "none"
	Username string `json:"username"`
	Gen      string `json:"gen"`
	CSRF     string `json:"csrf"`
	Device   string `json:"device"`
}

// resolve asks Redis what a token hash stands for: auth.lua in the token's slot, then the
// user or the device in {auth}.
func (s *Store) resolve(ctx context.Context, h string) (*Principal, error) {
	var r authReply
	if err := runObject(ctx, authScript, s.rdb, []string{sessionKey(h), deviceTokenKey(h)}, nil, &r); err != nil {
		return nil, fmt.Errorf("resolve token: %w", err)
	}
	switch r.Kind {
	case "session":
		f, err := s.rdb.HGetAll(ctx, userKey(r.Username)).Result()
		if err != nil {
			return nil, fmt.Errorf("resolve token: %w", wrap(err))
		}
		u := userFrom(f)
		if u == nil || u.Disabled || r.Gen != u.Gen {
			return nil, queue.ErrUnauthorized // ended by a reset, a disable or a delete
		}
		return &Principal{User: u, CSRF: r.CSRF}, nil
	case "device":
		f, err := s.rdb.HGetAll(ctx, deviceKey(r.Device)).Result()
		if err != nil {
			return nil, fmt.Errorf("resolve token: %w", wrap(err))
		}
		if d := deviceFrom(f); d != nil && f["token"] == h {
			return &Principal{Device: d}, nil
		}
		// deleted, or paired anew since: another token is the device's
	}
	return nil, queue.ErrUnauthorized
}

// runObject runs a script whose reply is one JSON object and decodes it into out.
func runObject(ctx context.Context, sc *luaScript, c redis.Scripter, keys []string, args []any, out any) error {
	raw, err := sc.Run(ctx, c, keys, args...).Text()
	if err != nil {
		return wrap(err)
	}
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		return fmt.Errorf("%s.lua: decode %q: %w", sc.name, raw, err)
	}
	return nil
}
