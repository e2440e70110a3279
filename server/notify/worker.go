package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// group is the consumer group of the workers: each message id goes to one worker, whichever
// server instance runs it.
const group = "senders"

// Worker delivers the outbox's messages through a Sender.
type Worker struct {
	Outbox *Outbox
	Sender Sender
	Log    *slog.Logger
	// Backoff is the wait before attempt n+1 after n failed ones (default 5 s doubling, at
	// most 10 minutes); GiveUp is how long after its first attempt a message is retried
	// (default an hour).
	Backoff func(n int) time.Duration
	GiveUp  time.Duration
	// Poll bounds the wait for new messages (default 1 s), which is also how often retries due are looked at.
	Poll time.Duration
	name string
}

// DefaultBackoff waits 5 s, 10 s, 20 s … up to 10 minutes.
func DefaultBackoff(n int) time.Duration {
	d := 5 * time.Second << min(n, 10)
	return min(d, 10*time.Minute)
}

// Run delivers until ctx ends. A Redis outage only pauses it.
func (w *Worker) Run(ctx context.Context) {
	if w.Backoff == nil {
		w.Backoff = DefaultBackoff
	}
	if w.GiveUp <= 0 {
		w.GiveUp = time.Hour
	}
	if w.Poll <= 0 {
		w.Poll = time.Second
	}
	host, _ := os.Hostname()
	w.name = host + "-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	rdb := w.Outbox.rdb
	for ctx.Err() == nil {
		if err := w.round(ctx); err != nil && ctx.Err() == nil {
			if !strings.Contains(err.Error(), "NOGROUP") {
				w.Log.Warn("notify: outbox unavailable", "err", err)
			}
			err := rdb.XGroupCreateMkStream(ctx, outboxKey(), group, "0").Err()
			if err != nil && !strings.Contains(err.Error(), "BUSYGROUP") {
				select {
				case <-ctx.Done():
				case <-time.After(w.Poll):
				}
			}
		}
	}
}

// round delivers what is new, what another worker left unfinished, and the retries due.
func (w *Worker) round(ctx context.Context) error {
	rdb := w.Outbox.rdb
	streams, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: w.name,
		Streams: []string{outboxKey(), ">"}, Count: 20, Block: w.Poll}).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return err
	}
	var entries []redis.XMessage
	for _, s := range streams {
		entries = append(entries, s.Messages...)
	}
	// a worker that stopped mid-delivery leaves its entries pending: take them after a minute
	claimed, _, err := rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: outboxKey(), Group: group,
		Consumer: w.name, MinIdle: time.Minute, Start: "0", Count: 20}).Result()
	if err == nil {
		entries = append(entries, claimed...)
	}
	for _, e := range entries {
		id, _ := e.Values["id"].(string)
		if id != "" {
			w.deliver(ctx, id)
		}
		rdb.XAck(ctx, outboxKey(), group, e.ID)
	}
	due, err := rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: retryKey(), ByScore: true, Start: "-inf",
		Stop: strconv.FormatInt(w.Outbox.now().UnixMilli(), 10), Count: 20}).Result()
	if err != nil {
		return err
	}
	for _, id := range due {
		if n, err := rdb.ZRem(ctx, retryKey(), id).Result(); err == nil && n == 1 {
			w.deliver(ctx, id)
		}
	}
	return nil
}

// settleScript moves a message from one status to another and keeps the site's counts.
// KEYS[1] the message  KEYS[2] the retry zset  KEYS[3] the site's statistics
// ARGV[1] new status  ARGV[2] attempts  ARGV[3] when to retry (Unix ms, for retrying)  ARGV[4] id
// Returns 0 when the message was already sent or failed (nothing changes).
var settleScript = redis.NewScript(`
local old = redis.call('HGET', KEYS[1], 'status')
if not old or old == 'sent' or old == 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'attempts', ARGV[2])
if ARGV[1] == 'retrying' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
if old ~= ARGV[1] then
  redis.call('HINCRBY', KEYS[3], old, -1)
  redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
end
return 1
`)

// deliver sends one message unless it was sent (or given up) already, and records the outcome.
func (w *Worker) deliver(ctx context.Context, id string) {
	rdb := w.Outbox.rdb
	f, err := rdb.HGetAll(ctx, messageKey(id)).Result()
	if err != nil || len(f) == 0 || f["status"] == Sent || f["status"] == Failed {
		return
	}
	var m Message
	if err := json.Unmarshal([]byte(f["body"]), &m); err != nil {
		w.Log.Error("notify: unreadable message", "id", id, "err", err)
		return
	}
	attempts, _ := strconv.Atoi(f["attempts"])
	first, _ := strconv.ParseInt(f["first_at"], 10, 64)
	sendErr := w.Sender.Send(ctx, m)
	attempts++
	status, next := Sent, int64(0)
	now := w.Outbox.now()
	if sendErr != nil {
		status = Retrying
		at := now.Add(w.Backoff(attempts - 1))
		if at.Sub(time.UnixMilli(first)) > w.GiveUp {
			status = Failed
		}
		next = at.UnixMilli()
		w.Log.Warn("notify: not accepted", "id", id, "template", m.Template, "attempt", attempts, "status", status, "err", sendErr)
	}
	err = settleScript.Run(ctx, rdb, []string{messageKey(id), retryKey(), siteStatsKey(f["site"])},
		status, attempts, next, id).Err()
	if err != nil {
		w.Log.Error("notify: could not record the outcome", "id", id, "status", status, "err", fmt.Errorf("%w", err))
	}
}
