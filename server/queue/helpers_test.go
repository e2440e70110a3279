package queue_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/queue"
)

// testOrg is the test organisation with extra top-level YAML replacing its hours.
func testOrg(t *testing.T, hours string) *config.Org {
	t.Helper()
	y := testenv.OrgYAML
	start := strings.Index(y, "hours:")
	end := strings.Index(y, "priority:")
	y = y[:start] + hours + "\n" + y[end:]
	org, err := config.Parse([]byte(y), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// manyCounters is an organisation whose centre has n counters c1..cn serving dat-dai.
func manyCounters(t *testing.T, n int) *config.Org {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "      - {id: c%d, number: %d, services: [dat-dai]}\n", i, i)
	}
	b.WriteString("      - {id: q3, number: 98, services: [ho-tich]}\n")
	b.WriteString("      - {id: q4, number: 99, services: [doanh-nghiep]}\n")
	y := testenv.OrgYAML
	start := strings.Index(y, "      - {id: q1")
	end := strings.Index(y, "  - id: point")
	y = y[:start] + b.String() + y[end:]
	org, err := config.Parse([]byte(y), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// callUntilEmpty opens counters c1…cN of the centre, each with its own officer, and has them
// all call next at the same moment until the queue is empty; it returns, for every ticket
// called, the counters that called it (invariant 2: exactly one each).
func callUntilEmpty(t *testing.T, e *queue.Engine, counters int) map[string][]string {
	t.Helper()
	ctx := context.Background()
	var mu sync.Mutex
	var wg sync.WaitGroup
	calls := map[string][]string{}
	start := make(chan struct{})
	for i := 1; i <= counters; i++ {
		counter := fmt.Sprintf("c%d", i)
		off := testenv.Officer("officer"+counter, "centre")
		if _, err := e.Open(ctx, off, "centre", counter, nil); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for {
				c, err := e.Next(ctx, off, "centre", counter)
				if err != nil {
					t.Errorf("next at %s: %v", counter, err)
					return
				}
				if c.Ticket == nil {
					return
				}
				mu.Lock()
				calls[c.Ticket.ID] = append(calls[c.Ticket.ID], counter)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return calls
}
