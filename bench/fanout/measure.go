package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// result is one row of the table.
type result struct {
	clients, rounds, missed int
	p50, p99, max           time.Duration
	baseKB                  int64   // resident set before the clients
	perConn                 float64 // growth of the resident set per client, KB
	goPerConn               float64 // growth of the Go heap and stacks per client, KB (full only)
	cpuPerCall              float64 // the server's CPU time per call, ms: less noisy than latency on a busy machine
	clientCPU               float64 // this process's CPU time per call, ms: the clients' share of the machine
}

const header = "server                 clients  calls   p50 ms   p99 ms   max ms  missed  CPU ms/call (server, clients)  RSS before  KB/conn (RSS)  KB/conn (Go heap+stacks)"

func (r result) row(label string) string {
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }
	kb := "-"
	if r.baseKB > 0 {
		kb = strconv.FormatFloat(r.perConn, 'f', 1, 64)
	}
	gokb := "-"
	if r.goPerConn > 0 {
		gokb = strconv.FormatFloat(r.goPerConn, 'f', 1, 64)
	}
	cpu := "-"
	if r.cpuPerCall > 0 {
		cpu = strconv.FormatFloat(r.cpuPerCall, 'f', 1, 64)
	}
	cpu += ", " + strconv.FormatFloat(r.clientCPU, 'f', 1, 64)
	return fmt.Sprintf("%-22s %7d %6d %8s %8s %8s %7d %30s %8d MB %14s %25s", label, r.clients, r.rounds,
		ms(r.p50), ms(r.p99), ms(r.max), r.missed, cpu, r.baseKB/1024, kb, gokb)
}

// measure connects the clients, makes the calls and computes the figures.
func measure(ctx context.Context, o options) (result, error) {
	d := &driver{base: o.base, site: o.site, counter: o.counter, full: o.mode == "full",
		hc: &http.Client{Timeout: 10 * time.Second}}
	if err := d.setup(ctx, o.adminPassword, o.service, o.rounds+2); err != nil {
		return result{}, err
	}
	res := result{clients: o.clients, rounds: o.rounds}
	if o.pid > 0 {
		time.Sleep(500 * time.Millisecond)
		res.baseKB = rssKB(o.pid)
	}
	goBase := d.goMemory(ctx)
	path := "/ws"
	if d.full {
		path = "/ws/sites/" + o.site
	}
	s, err := dial(ctx, o.base, path, o.clients, o.rounds, d.full)
	if err != nil {
		return result{}, err
	}
	defer s.close()
	var lat []time.Duration
	peak := int64(0)
	cpu0, self0 := cpuTicks(o.pid), cpuTicks(os.Getpid())
	for r := 0; r < o.rounds; r++ {
		if err := ctx.Err(); err != nil {
			return result{}, err
		}
		time.Sleep(o.interval)
		t0, err := d.next(ctx)
		if err != nil {
			return result{}, err
		}
		n := s.wait(r, o.timeout)
		res.missed += o.clients - n
		var round []time.Duration
		for i := range s.got[r] {
			if at := s.got[r][i].Load(); at != 0 {
				round = append(round, time.Duration(at-t0.UnixNano()))
			}
		}
		lat = append(lat, round...)
		if o.verbose && len(round) > 0 {
			slices.Sort(round)
			fmt.Fprintf(os.Stderr, "  call %2d: min %v p50 %v max %v\n", r, round[0].Round(time.Millisecond/10),
				round[len(round)/2].Round(time.Millisecond/10), round[len(round)-1].Round(time.Millisecond/10))
		}
		if o.pid > 0 && r == o.rounds/2 {
			peak = rssKB(o.pid)
		}
	}
	res.clientCPU = float64(cpuTicks(os.Getpid())-self0) * 10 / float64(o.rounds)
	if cpu0 > 0 {
		// ticks of 10 ms; the pauses between calls cost the server (nearly) nothing
		res.cpuPerCall = float64(cpuTicks(o.pid)-cpu0) * 10 / float64(o.rounds)
	}
	if o.pid > 0 {
		peak = max(peak, rssKB(o.pid))
		res.perConn = float64(peak-res.baseKB) / float64(o.clients)
	}
	if goBase > 0 {
		if after := d.goMemory(ctx); after > 0 {
			res.goPerConn = float64(after-goBase) / 1024 / float64(o.clients)
		}
	}
	if len(lat) == 0 {
		return res, fmt.Errorf("no client received any call")
	}
	slices.Sort(lat)
	res.p50 = lat[len(lat)/2]
	res.p99 = lat[min(len(lat)-1, len(lat)*99/100)]
	res.max = lat[len(lat)-1]
	return res, nil
}

// rssKB reads a process's resident set in KB from /proc (0 if it cannot).
func rssKB(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// cpuTicks reads a process's user and system CPU time in clock ticks (1/100 s) from /proc.
func cpuTicks(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// the command name may hold spaces: count fields after its closing parenthesis
	rest := string(data)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}
