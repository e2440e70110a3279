package store

import "github.com/redis/go-redis/v9"

// Every script of a site runs with lua/base.lua prepended (its key prefix and the helpers
// that read tickets and queues); a transition, which changes state and emits an event, has
// lua/lib.lua after it. auth.lua, login.lua and pair.lua are of no site and stand alone.
var transitionScripts = map[string]bool{
	"issue": true, "next": true, "call": true, "current": true, "transfer": true,
	"open": true, "pause": true, "close": true, "rate": true, "priority": true, "cancel": true,
}

// standalone scripts are of no site (keys of {auth}) and have no prelude.
var standalone = map[string]bool{"auth": true, "login": true, "pair": true}

// ScriptSource returns the Lua source of a script exactly as the Store sends it to Redis
// (base.lua, then lib.lua for a transition, then the script), or "" for an unknown name. It
// lets baselines and tools (bench/bare, redis-benchmark's EVALSHA) run the very script the
// server runs.
func ScriptSource(name string) string {
	if name == "base" || name == "lib" {
		return ""
	}
	body, err := luaFiles.ReadFile("lua/" + name + ".lua")
	if err != nil {
		return ""
	}
	if standalone[name] {
		return string(body)
	}
	parts := []string{"base"}
	if transitionScripts[name] {
		parts = append(parts, "lib")
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

// mustScript is the script of ScriptSource(name); the sources are embedded at build time, so
// a missing one is a programming error.
func mustScript(name string) *redis.Script {
	src := ScriptSource(name)
	if src == "" {
		panic("store: no Lua script " + name)
	}
	return redis.NewScript(src)
}
