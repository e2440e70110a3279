package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Keys of the outbox share the hash tag {notify}, so its scripts run on Redis Cluster too.
//
//	luot:{notify}:outbox       stream  ids of messages to send, in order
//	luot:{notify}:m:<id>       hash    a message: body, status, attempts, first_at, site
//	luot:{notify}:retry        zset    ids of messages to try again, by when (Unix ms)
//	luot:{notify}:site:<site>  hash    messages per status of a site (queued, retrying, sent, failed)
const prefix = "luot:{notify}:"

func outboxKey() string               { return prefix + "outbox" }
func messageKey(id string) string     { return prefix + "m:" + id }
func retryKey() string                { return prefix + "retry" }
func siteStatsKey(site string) string { return prefix + "site:" + site }

// The statuses of a message.
const (
	Queued   = "queued"
	Retrying = "retrying"
	Sent     = "sent"
	Failed   = "failed"
)

// keepFor is how long a message's record stays (its id is remembered as sent for as long).
const keepFor = 48 * time.Hour

// Outbox is the stream of messages to send.
type Outbox struct {
	rdb redis.UniversalClient
	now func() time.Time
}

// NewOutbox returns the outbox on a Redis client; now is the clock (time.Now when nil).
func NewOutbox(rdb redis.UniversalClient, now func() time.Time) *Outbox {
	if now == nil {
		now = time.Now
	}
	return &Outbox{rdb: rdb, now: now}
}

// enqueueScript records a message and appends its id to the outbox, unless a message of that
// id is already known (it is then sent once).
// KEYS[1] the message hash  KEYS[2] the outbox stream  KEYS[3] the site's statistics
// ARGV[1] id  ARGV[2] body JSON  ARGV[3] site  ARGV[4] now (Unix ms)  ARGV[5] keep (s)
// Returns 1 when queued, 0 for a known id.
var enqueueScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'body', ARGV[2], 'status', 'queued', 'attempts', 0, 'first_at', ARGV[4], 'site', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'id', ARGV[1])
redis.call('HINCRBY', KEYS[3], 'queued', 1)
return 1
`)

// Enqueue puts a message in the outbox and returns without waiting for any gateway. It
// reports whether the message is new (false: a message of that id was enqueued before).
func (o *Outbox) Enqueue(ctx context.Context, m Message) (bool, error) {
	if m.ID == "" || m.To == "" {
		return false, errors.New("notify: a message needs an id and a recipient")
	}
	body, err := json.Marshal(m)
	if err != nil {
		return false, err
	}
	n, err := enqueueScript.Run(ctx, o.rdb, []string{messageKey(m.ID), outboxKey(), siteStatsKey(m.Site)},
		m.ID, body, m.Site, o.now().UnixMilli(), int(keepFor/time.Second)).Int()
	if err != nil {
		return false, fmt.Errorf("enqueue message: %w", err)
	}
	return n == 1, nil
}

// Status returns the status of a message ("" when unknown).
func (o *Outbox) Status(ctx context.Context, id string) (string, error) {
	s, err := o.rdb.HGet(ctx, messageKey(id), "status").Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return s, err
}

// SiteState returns how many messages of a site are in each status (queued, retrying, sent,
// failed), for the admin area.
func (o *Outbox) SiteState(ctx context.Context, site string) (map[string]int, error) {
	m, err := o.rdb.HGetAll(ctx, siteStatsKey(site)).Result()
	if err != nil {
		return nil, err
	}
	out := map[string]int{Queued: 0, Retrying: 0, Sent: 0, Failed: 0}
	for k, v := range m {
		var n int
		fmt.Sscan(v, &n)
		out[k] = n
	}
	return out, nil
}

// Notify enqueues a message of a template (queue.Notifier): the Vietnamese text is made
// here, and the message is stamped with the outbox's clock.
func (o *Outbox) Notify(ctx context.Context, id, to, template, site string, vars map[string]string) error {
	_, err := o.Enqueue(ctx, New(id, to, template, site, vars, o.now()))
	return err
}
