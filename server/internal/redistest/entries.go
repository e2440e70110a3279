package redistest

import (
	"context"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// EntriesRead is a client hook that counts the stream entries Redis sends back to reads of
// a stream's range (XRANGE, XREVRANGE, and XINFO STREAM's first and last entries): what a
// replay costs, whatever the code above the client does. Following the streams (XREAD) is
// not counted. Add it with rdb.AddHook.
type EntriesRead struct{ n atomic.Int64 }

// N is the count so far.
func (h *EntriesRead) N() int64 { return h.n.Load() }

// Reset starts the count again.
func (h *EntriesRead) Reset() { h.n.Store(0) }

// DialHook is go-redis's hook of a new connection: nothing to count.
func (h *EntriesRead) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook counts the entries of one command's answer.
func (h *EntriesRead) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		h.count(cmd)
		return err
	}
}

// ProcessPipelineHook counts the entries of a pipeline's answers.
func (h *EntriesRead) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, c := range cmds {
			h.count(c)
		}
		return err
	}
}

func (h *EntriesRead) count(cmd redis.Cmder) {
	switch c := cmd.(type) {
	case *redis.XMessageSliceCmd:
		h.n.Add(int64(len(c.Val())))
	case *redis.XInfoStreamCmd:
		h.n.Add(2) // its first and last entries
	}
}
