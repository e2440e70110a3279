package store

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Tokens are checked on every request. Rather than a Redis script each time, a server
// instance keeps what a token resolved to for a few seconds (tokenCacheTTL), and every change
// that can end a token — a session ended, a user changed or deleted, a device deleted or
// paired anew, a restore — is published on the sharded channel luot:{auth}:revoked. It stays
// one channel in the {auth} slot while the tokens spread over slots (keys.go): revocations are
// rare next to token checks, and one subscription an instance hears them all. Each instance
// follows it (FollowRevocations) and forgets what it names at once. The cache is used only while that subscription is confirmed: an instance that is not
// (yet) hearing revocations asks Redis every time, so a revoked token stops within the
// notification's delay, never a cache lifetime later.

// tokenCacheTTL bounds how long a resolved token is believed without asking Redis again: the
// backstop for a revocation that nothing published (a session expiring on its own).
const tokenCacheTTL = 5 * time.Second

// tokenCacheMax bounds the cache; past it, it starts again empty.
const tokenCacheMax = 100_000

// revokedChannel is the sharded channel of revocations (in the {auth} slot).
const revokedChannel = authPrefix + "revoked"

type cachedToken struct {
	p       Principal
	expires time.Time
	user    string // lower-case username, for a revocation of the user
	device  string // device id, for a revocation of the device
}

type tokenCache struct {
	mu   sync.Mutex
	m    map[string]cachedToken // by token hash
	live atomic.Bool            // the revocation channel is subscribed: the cache may answer
	gen  atomic.Uint64          // bumped by every revocation, under mu
}

func newTokenCache() *tokenCache { return &tokenCache{m: map[string]cachedToken{}} }

// get returns a copy of what a token hash resolved to, while it is fresh and revocations are
// heard.
func (c *tokenCache) get(h string, now time.Time) (*Principal, bool) {
	if !c.live.Load() {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[h]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	p := e.p
	if p.User != nil {
		u := *p.User
		p.User = &u
	}
	if p.Device != nil {
		d := *p.Device
		p.Device = &d
	}
	return &p, true
}

// put keeps what a token resolved to; gen is the cache's generation when the lookup began, so
// that a revocation heard during the lookup is not undone by its answer.
func (c *tokenCache) put(h string, p *Principal, now time.Time, gen uint64) {
	if !c.live.Load() {
		return
	}
	e := cachedToken{p: *p, expires: now.Add(tokenCacheTTL)}
	if p.User != nil {
		u := *p.User
		e.p.User, e.user = &u, strings.ToLower(u.Username)
	}
	if p.Device != nil {
		d := *p.Device
		e.p.Device, e.device = &d, d.ID
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen {
		return // a revocation came while Redis was asked: the answer may be older than it
	}
	if len(c.m) >= tokenCacheMax {
		clear(c.m)
	}
	c.m[h] = e
}

// forget drops what a revocation names: "t:<token hash>", "u:<username>" or "d:<device id>".
func (c *tokenCache) forget(what string) {
	kind, v, _ := strings.Cut(what, ":")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen.Add(1)
	switch kind {
	case "t":
		delete(c.m, v)
		return
	case "u":
		v = strings.ToLower(v)
	}
	for h, e := range c.m {
		if (kind == "u" && e.user == v) || (kind == "d" && e.device == v) {
			delete(c.m, h)
		}
	}
}

// setLive turns the cache on (the channel is subscribed) or off and empty (it is not: what
// was revoked meanwhile was not heard).
func (c *tokenCache) setLive(on bool) {
	if !on {
		c.live.Store(false)
		c.mu.Lock()
		c.gen.Add(1)
		clear(c.m)
		c.mu.Unlock()
		return
	}
	c.live.Store(true)
}

// revoke tells every instance (this one at once) to forget what a change ended. Publishing
// can fail (Redis down): the cache lifetime bounds the harm, and the caller's own change
// failed too in that case.
func (s *Store) revoke(ctx context.Context, what string) {
	s.tokens.forget(what)
	_ = s.rdb.SPublish(ctx, revokedChannel, what).Err()
}

// FollowRevocations subscribes to the revocation channel and keeps this instance's token
// cache in step with it until ctx ends; while it is not subscribed the cache is off. `luot
// serve` runs it; without it every token is checked in Redis.
func (s *Store) FollowRevocations(ctx context.Context, log *slog.Logger) {
	defer s.tokens.setLive(false)
	for ctx.Err() == nil {
		ps := s.rdb.SSubscribe(ctx, revokedChannel)
		stop := context.AfterFunc(ctx, func() { _ = ps.Close() }) // Receive does not heed ctx
		for {
			msg, err := ps.Receive(ctx)
			if err != nil {
				s.tokens.setLive(false)
				if ctx.Err() == nil {
					log.Warn("token revocations: resubscribing", "err", err)
				}
				break
			}
			switch m := msg.(type) {
			case *redis.Subscription:
				s.tokens.setLive(m.Kind == "ssubscribe")
			case *redis.Message:
				s.tokens.forget(m.Payload)
			}
		}
		stop()
		_ = ps.Close()
		sleep(ctx, 200*time.Millisecond)
	}
}
