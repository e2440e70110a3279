package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// legacyAuthScript is auth.lua as schema version 1 ran it: session, user and device in one
// script of the one slot {auth}. BenchmarkResolve's baseline, in the same run.
var legacyAuthScript = redis.NewScript(`
local s = redis.call('HGETALL', KEYS[1])
if #s > 0 then
  local name
  for i = 1, #s, 2 do if s[i] == 'username' then name = s[i + 1] end end
  return {'session', s, redis.call('HGETALL', ARGV[1] .. 'user:' .. string.lower(name or ''))}
end
local id = redis.call('GET', KEYS[2])
if id then
  return {'device', redis.call('HGETALL', ARGV[1] .. 'device:' .. id)}
end
return {'none'}`)

// BenchmarkResolve: what checking a token costs when the instance's cache does not answer
// (a token's first request, or one every 5 s), one call at a time on one Redis node:
// "one-slot-script" is version 1's single script in {auth}, "token-slot" this version's
// auth.lua in the token's slot and a read of the user or device in {auth}; "cached" the
// answer of the token cache (all cached: under 5 s of running). Sessions and devices alike,
// 1,000 of each.
func BenchmarkResolve(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b, true)
	if err := s.PutUser(ctx, User{Username: "lan", Role: queue.RoleOfficer, Sites: []string{"centre"}}); err != nil {
		b.Fatal(err)
	}
	u, err := s.User(ctx, "lan")
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000
	tokens := make([]string, 0, 2*n)
	for i := range n {
		tok := fmt.Sprintf("phien-%d", i)
		if err := s.NewSession(ctx, tok, u, "c", time.Hour); err != nil {
			b.Fatal(err)
		}
		dev := fmt.Sprintf("thiet-bi-%d", i)
		if err := s.CreateDevice(ctx, Device{ID: dev, Site: "centre", Kind: queue.DeviceKiosk, Name: dev}, dev); err != nil {
			b.Fatal(err)
		}
		// version 1's keys of the same tokens, for the baseline
		h, dh := HashToken(tok), HashToken(dev)
		s.rdb.HSet(ctx, legacySessionKey(h), "username", "lan", "gen", u.Gen, "csrf", "c")
		s.rdb.Set(ctx, legacyDeviceTokenKey(dh), dev, 0)
		tokens = append(tokens, tok, dev)
	}
	b.Run("one-slot-script", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			h := HashToken(tokens[i%len(tokens)])
			res, err := legacyAuthScript.Run(ctx, s.rdb, []string{legacySessionKey(h), legacyDeviceTokenKey(h)}, authPrefix).Slice()
			if err != nil || res[0] == "none" {
				b.Fatalf("%v %v", res, err)
			}
		}
	})
	b.Run("token-slot", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.resolve(ctx, HashToken(tokens[i%len(tokens)])); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		s.tokens.setLive(true) // as if following revocations
		defer s.tokens.setLive(false)
		for _, tok := range tokens { // every token cached once, before the clock runs
			if _, err := s.Resolve(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
		for i := 0; b.Loop(); i++ {
			if _, err := s.Resolve(ctx, tokens[i%len(tokens)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
