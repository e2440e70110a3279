package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/redis/go-redis/v9"
)

// Every script of a site runs with lua/base.lua prepended (its key prefix and the helpers
// that read tickets and queues); a transition, which changes state and emits an event, has
// lua/figures.lua (the report figures its events keep) and lua/lib.lua after it. The scripts
// of no site stand alone.
var transitionScripts = map[string]bool{
	"issue": true, "next": true, "call": true, "act_on_current": true, "transfer": true,
	"open": true, "pause_resume": true, "close": true, "rate": true, "priority": true, "cancel": true,
	"checkin": true, "postpone": true, "rerank": true, // appointments (bookings.go)
}

// preludes are the parts of scripts that are no script of their own.
var preludes = map[string]bool{"base": true, "figures": true, "lib": true}

// standaloneScripts are of no site and have no prelude: auth.lua (keys of a token's group
// {auth:<tag>}), login.lua and pair.lua (keys of {auth}) and schema.lua (the schema version).
var standaloneScripts = map[string]bool{"auth": true, "login": true, "pair": true, "schema": true, "otp": true, "limit": true}

// ScriptSource returns the Lua source of a script exactly as the Store sends it to Redis
// (base.lua, then figures.lua and lib.lua for a transition, then the script), or "" for an
// unknown name or a prelude. It lets baselines and tools (bench/bare, redis-benchmark's
// EVALSHA) run the very script the server runs.
func ScriptSource(name string) string {
	if preludes[name] {
		return ""
	}
	body, err := luaFiles.ReadFile("lua/" + name + ".lua")
	if err != nil {
		return ""
	}
	if standaloneScripts[name] {
		return string(body)
	}
	parts := []string{"base"}
	if transitionScripts[name] {
		parts = append(parts, "figures", "lib")
	}
	src := ""
	for _, p := range parts {
		prelude, err := luaFiles.ReadFile("lua/" + p + ".lua")
		if err != nil {
			return ""
		}
		src += string(prelude) + "\n"
	}
	return src + string(body)
}

// luaScript is one script of lua/ with its name (for errors and SCRIPT LOAD).
type luaScript struct {
	*redis.Script
	name string
}

// mustScript is the script of ScriptSource(name); the sources are embedded at build time, so
// a missing one is a programming error.
func mustScript(name string) *luaScript {
	src := ScriptSource(name)
	if src == "" {
		panic("store: no Lua script " + name)
	}
	return &luaScript{redis.NewScript(src), name}
}

// cmdReply is the reply of a run of script decoded into T (decodeReply), or the run's error.
func cmdReply[T any](script *luaScript, cmd *redis.Cmd) (T, error) {
	res, err := cmd.Result()
	if err != nil {
		var zero T
		return zero, wrap(err)
	}
	return decodeReply[T](script, res)
}

// LoadScripts loads every script of the store into Redis (SCRIPT LOAD, on every node of a
// cluster), so that a script that does not compile stops the start-up rather than a
// citizen's request, and the first calls need no fallback from EVALSHA to EVAL.
func (s *Store) LoadScripts(ctx context.Context) error {
	scripts := map[string]*redis.Script{"release": releaseScript}
	for name, sc := range scriptVars {
		scripts[name] = (*sc).Script
	}
	names := make([]string, 0, len(scripts))
	for name := range scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := scripts[name].Load(ctx, s.rdb).Err(); err != nil {
			return fmt.Errorf("load script %s: %w", name, wrap(err))
		}
	}
	return nil
}
