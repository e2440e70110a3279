package store

import "github.com/redis/go-redis/v9"

// Every script of a site runs with lua/base.lua prepended (its key prefix and the helpers
// that read tickets and queues); a transition, which changes state and emits an event, has
// lua/figures.lua (the report figures its events keep) and lua/lib.lua after it. auth.lua is
// of no site and stands alone.
var transitionScripts = map[string]bool{
	"issue": true, "next": true, "call": true, "current": true, "transfer": true,
	"open": true, "pause": true, "close": true, "rate": true, "priority": true,
}

// preludes are the parts of scripts that are no script of their own.
var preludes = map[string]bool{"base": true, "figures": true, "lib": true}

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
	if name == "auth" {
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

// mustScript is the script of ScriptSource(name); the sources are embedded at build time, so
// a missing one is a programming error.
func mustScript(name string) *redis.Script {
	src := ScriptSource(name)
	if src == "" {
		panic("store: no Lua script " + name)
	}
	return redis.NewScript(src)
}
