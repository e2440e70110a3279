package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/config"
	"luot/server/queue"
)

// Timeouts of every Redis client, short so that a Redis that is down turns into 503 within
// seconds, not minutes.
const (
	dialTimeout = time.Second
	ioTimeout   = 2 * time.Second
)

// waitTimeout bounds how long an acknowledged write waits for its replicas (LUOT_REDIS_REPLICAS)
// before the answer is 503: the change is on the master, but not yet safe from its failover.
const waitTimeout = time.Second

// ErrNotReplicated is the 503 of a change made on the master that the replicas asked for did
// not confirm in time: a failover now could lose it. A retry with the same idempotency key
// returns the same ticket.
var ErrNotReplicated = queue.Fail("not_replicated",
	"the change is on the Redis master, but its replicas did not confirm it within "+waitTimeout.String()+
		" (LUOT_REDIS_REPLICAS): retry, with the same Idempotency-Key for a ticket")

// NewClient opens the Redis client a REDIS_URL names (config.ParseRedisURL): one node
// (redis://, rediss://, unix://), a Redis Cluster (redis+cluster://, go-redis's
// ClusterClient) or a master found through Sentinel (redis+sentinel://, its FailoverClient),
// all behind redis.UniversalClient, with short timeouts.
func NewClient(url string) (redis.UniversalClient, error) {
	t, err := config.ParseRedisURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	switch t.Kind {
	case config.RedisCluster:
		return withHooks(redis.NewClusterClient(&redis.ClusterOptions{
			Addrs: t.Addrs, Username: t.Username, Password: t.Password,
			DialTimeout: dialTimeout, ReadTimeout: ioTimeout, WriteTimeout: ioTimeout, PoolTimeout: ioTimeout,
			// a redirection (MOVED, ASK) or a failing node is retried on the new owner of the
			// slot; past that the caller gets 503 and the next call finds the new layout
			MaxRedirects: 3, MaxRetries: 1,
			MinRetryBackoff: 50 * time.Millisecond, MaxRetryBackoff: 200 * time.Millisecond,
		})), nil
	case config.RedisSentinel:
		return withHooks(redis.NewFailoverClient(&redis.FailoverOptions{
			MasterName: t.Master, SentinelAddrs: t.Addrs, Username: t.Username, Password: t.Password, DB: t.DB,
			DialTimeout: dialTimeout, ReadTimeout: ioTimeout, WriteTimeout: ioTimeout, PoolTimeout: ioTimeout,
			MaxRetries: 1, MinRetryBackoff: 50 * time.Millisecond, MaxRetryBackoff: 200 * time.Millisecond,
		})), nil
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	opts.DialTimeout = dialTimeout
	opts.ReadTimeout = ioTimeout
	opts.WriteTimeout = ioTimeout
	opts.PoolTimeout = ioTimeout
	opts.MaxRetries = 1
	opts.MinRetryBackoff = 50 * time.Millisecond
	opts.MaxRetryBackoff = 200 * time.Millisecond
	return withHooks(redis.NewClient(opts)), nil
}

// withHooks adds the hooks every client of the store has: no write sent twice (sentOnce).
func withHooks(c redis.UniversalClient) redis.UniversalClient {
	c.AddHook(sentOnce{})
	return c
}

// Health checks that Redis can serve every site, which is more than an answer to PING: a
// cluster must have every slot covered (CLUSTER INFO says cluster_state:ok on every master),
// the node Sentinel names must be a master, and a single-node URL must not name one node of a
// cluster (it would answer PING and then MOVED to most keys).
func (s *Store) Health(ctx context.Context) error {
	switch c := s.rdb.(type) {
	case *redis.ClusterClient:
		err := c.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
			info, err := n.ClusterInfo(ctx).Result()
			if err != nil {
				return err
			}
			if !strings.Contains(info, "cluster_state:ok") {
				return fmt.Errorf("%w: the cluster's state is not ok (slots not covered or a master is failing): "+
					"node %s says %s", queue.ErrUnavailable, n.Options().Addr, clusterState(info))
			}
			return nil
		})
		return wrap(err)
	default:
		info, err := s.rdb.Info(ctx, "cluster", "replication").Result()
		if err != nil {
			return wrap(err)
		}
		if strings.Contains(info, "cluster_enabled:1") {
			return fmt.Errorf("%w: REDIS_URL names one node of a Redis Cluster: use redis+cluster://host:port,host:port",
				queue.ErrUnavailable)
		}
		if !strings.Contains(info, "role:master") {
			return fmt.Errorf("%w: the Redis node is a replica, not a master (a failover under way?)", queue.ErrUnavailable)
		}
		return nil
	}
}

func clusterState(info string) string {
	for _, line := range strings.Split(info, "\n") {
		if strings.HasPrefix(line, "cluster_state:") {
			return strings.TrimSpace(line)
		}
	}
	return "no cluster_state"
}

// runScript runs a script that writes keys of one slot (keys[0]'s) and, when the store asks
// for replicas (Options.Replicas), waits for them with WAIT on the same connection, to the
// node that holds the slot: the script's answer is returned only once the change is on that
// many replicas, else ErrNotReplicated. A script's own error (a refusal, which changed
// nothing) is returned as it is.
func (s *Store) runScript(ctx context.Context, sc *redis.Script, keys []string, args ...any) *redis.Cmd {
	if s.replicas <= 0 {
		return sc.Run(ctx, s.rdb, keys, args...)
	}
	node := redis.Cmdable(s.rdb)
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		n, err := cc.MasterForKey(ctx, keys[0])
		if err != nil {
			cmd := redis.NewCmd(ctx)
			cmd.SetErr(err)
			return cmd
		}
		node = n
	}
	cmd, wait := s.evalWait(ctx, node, sc, keys, args, false)
	if err := cmd.Err(); err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
		// a new master after a failover has an empty script cache
		cmd, wait = s.evalWait(ctx, node, sc, keys, args, true)
	}
	if err := cmd.Err(); err != nil {
		if cc, ok := s.rdb.(*redis.ClusterClient); ok && (isRedirect(err) || !isReply(err)) {
			cc.ReloadState(ctx) // the slot has moved or its master is gone: the next call asks anew
		}
		return cmd
	}
	if err := wait.Err(); err != nil {
		cmd.SetErr(err)
		return cmd
	}
	if n, _ := wait.Int64(); n < int64(s.replicas) {
		cmd.SetErr(fmt.Errorf("%w (%d of %d)", ErrNotReplicated, n, s.replicas))
	}
	return cmd
}

// evalWait sends the script and WAIT in one pipeline: one connection, so WAIT counts the
// replicas that have this very change.
func (s *Store) evalWait(ctx context.Context, node redis.Cmdable, sc *redis.Script, keys []string, args []any, full bool) (*redis.Cmd, *redis.Cmd) {
	pipe := node.Pipeline()
	var cmd *redis.Cmd
	if full {
		cmd = sc.Eval(ctx, pipe, keys, args...)
	} else {
		cmd = sc.EvalSha(ctx, pipe, keys, args...)
	}
	wait := pipe.Do(ctx, "wait", s.replicas, waitTimeout.Milliseconds())
	_, _ = pipe.Exec(ctx) // the errors are the commands'
	return cmd, wait
}

// isReply reports an answer of Redis (a script's refusal among them), not a network error.
func isReply(err error) bool {
	var rerr redis.Error
	return errors.As(err, &rerr)
}

// isRedirect reports a reply of a node that no longer owns the slot.
func isRedirect(err error) bool {
	var rerr redis.Error
	if !errors.As(err, &rerr) {
		return false
	}
	msg := rerr.Error()
	return strings.HasPrefix(msg, "MOVED ") || strings.HasPrefix(msg, "ASK ") || strings.HasPrefix(msg, "CLUSTERDOWN") ||
		strings.HasPrefix(msg, "READONLY")
}
