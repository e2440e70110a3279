package store

// transitionScripts run with the header of lua/lib.lua prepended (state changes that emit an
// event); the other scripts (site, ticket, auth) are read-only and stand alone. New composes
// its scripts the same way; TestScriptSourceIsWhatStoreRuns keeps the two in step.
var transitionScripts = map[string]bool{
	"issue": true, "next": true, "call": true, "current": true, "transfer": true,
	"open": true, "pause": true, "close": true, "rate": true, "priority": true,
}

// ScriptSource returns the Lua source of a script exactly as the Store sends it to Redis
// (lib.lua first for a transition script), or "" for an unknown name. It lets baselines and
// tools (bench/bare, redis-benchmark's EVALSHA) run the very script the server runs.
func ScriptSource(name string) string {
	body, err := luaFiles.ReadFile("lua/" + name + ".lua")
	if err != nil || name == "lib" {
		return ""
	}
	if !transitionScripts[name] {
		return string(body)
	}
	lib, err := luaFiles.ReadFile("lua/lib.lua")
	if err != nil {
		return ""
	}
	return string(lib) + "\n" + string(body)
}
