package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/redistest"
	"luot/server/store"
)

// TestLateWriteSentOnce: a script (or an INCR) whose answer comes after the client's read
// timeout — Redis stalled for longer than it — runs once. go-redis on its own sends it again
// on a new connection, and the stalled Redis then runs both: a second number taken, a second
// ticket called, that nobody hears of (found by the national load test's verifier). The
// write fails (the caller answers 503) and ran at most once — once if Redis had read it
// before the client gave up on the connection.
func TestLateWriteSentOnce(t *testing.T) {
	srv := redistest.Start(t)
	client, err := store.NewClient(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	ctx := context.Background()
	incr := redis.NewScript(`return redis.call('INCR', KEYS[1])`)
	if err := incr.Load(ctx, client).Err(); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		send func(key string) error
	}{
		{"script", func(key string) error { return incr.Run(ctx, client, []string{key}).Err() }},
		{"incr", func(key string) error { return client.Incr(ctx, key).Err() }},
		{"script in a pipeline", func(key string) error {
			pipe := client.Pipeline()
			incr.EvalSha(ctx, pipe, []string{key})
			pipe.Do(ctx, "wait", 0, 100)
			_, err := pipe.Exec(ctx)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "once:" + tc.name
			srv.Freeze()
			thawed := make(chan struct{})
			go func() {
				defer close(thawed)
				time.Sleep(3 * time.Second) // past the store's 2 s read timeout
				srv.Thaw()
			}()
			err := tc.send(key)
			<-thawed
			// the stalled Redis now runs what it had read; let it
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				if n, err := srv.Client().Get(ctx, key).Int(); err == nil && n > 0 {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			n, gerr := srv.Client().Get(ctx, key).Int()
			if gerr != nil && gerr != redis.Nil {
				t.Fatal(gerr)
			}
			t.Logf("answer %v; ran %d times", err, n)
			if n > 1 || (err == nil && n != 1) {
				t.Fatalf("the write ran %d times (answer: %v), want once at most, and once when it succeeded", n, err)
			}
		})
	}
}
