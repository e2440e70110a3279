package reporttest

import (
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestScriptedPlaysItsTable checks that the scripted day ends as its table says.
func TestScriptedPlaysItsTable(t *testing.T) {
	env := testenv.New(t)
	got := Scripted(t, env)
	want := map[string]queue.Status{"t1": queue.NoShow, "t2": queue.Done, "t3": queue.Done, "t4": queue.Done,
		"t5": queue.Done, "t6": queue.Waiting, "t7": queue.Done, "p1": queue.Done, "p2": queue.Done}
	for name, status := range want {
		if got[name].Status != status {
			t.Errorf("%s: got %s, want %s", name, got[name].Status, status)
		}
	}
	if got["t5"].Service != "dat-dai" || got["t5"].Transfers != 1 || *got["t5"].Counter != "q1" {
		t.Errorf("t5: got %+v", got["t5"])
	}
	if got["t3"].Rating == nil || *got["t3"].Rating != "very_satisfied" || got["t3"].Priority != "elderly" {
		t.Errorf("t3: got %+v", got["t3"])
	}
}

// TestBusyServes runs a busy hour at the test organisation: tickets are issued and served.
func TestBusyServes(t *testing.T) {
	env := testenv.New(t)
	start := time.Date(2026, 11, 23, 8, 0, 0, 0, testenv.Loc())
	b := NewBusy(t, env, start, []string{"point"}, nil, nil)
	if n := b.Run(t, start.Add(time.Hour)); n < 20 {
		t.Fatalf("issued %d tickets in an hour, want at least 20", n)
	}
	v, err := env.Engine.Site(t.Context(), "centre")
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, c := range v.Counters {
		if c.State == queue.Open {
			open++
		}
	}
	if open != 4 {
		t.Errorf("got %d open counters at the centre, want 4", open)
	}
}
