package redistest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Info is the numeric fields of a section of INFO (used_cpu_user, used_memory, …) of the
// server rdb talks to, by name.
func Info(t testing.TB, rdb redis.Cmdable, section string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, line := range strings.Split(infoText(t, rdb, section), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if f, err := strconv.ParseFloat(v, 64); ok && err == nil {
			out[k] = f
		}
	}
	return out
}

// MainThreadCPU is the CPU time Redis's main thread has used so far, user and system, in
// microseconds (INFO cpu).
func MainThreadCPU(t testing.TB, rdb redis.Cmdable) float64 {
	t.Helper()
	info := Info(t, rdb, "cpu")
	return (info["used_cpu_user_main_thread"] + info["used_cpu_sys_main_thread"]) * 1e6
}

// Commands is INFO commandstats of the server rdb talks to (see CommandStats): the counts
// since it started or since the last CONFIG RESETSTAT.
func Commands(t testing.TB, rdb redis.Cmdable) map[string]map[string]float64 {
	t.Helper()
	return CommandStats(infoText(t, rdb, "commandstats"))
}

// CommandStats reads the text of INFO commandstats: each command's numeric fields (calls,
// usec, usec_per_call, …) by its name without cmdstat_ (evalsha, xread, …).
func CommandStats(stats string) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, line := range strings.Split(stats, "\n") {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":")
		cmd, isCmd := strings.CutPrefix(name, "cmdstat_")
		if !ok || !isCmd {
			continue
		}
		fields := map[string]float64{}
		for _, kv := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(kv, "=")
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				fields[k] = f
			}
		}
		out[cmd] = fields
	}
	return out
}

func infoText(t testing.TB, rdb redis.Cmdable, section string) string {
	t.Helper()
	s, err := rdb.Info(context.Background(), section).Result()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
