package store

import (
	"context"
	"strings"

	"github.com/redis/go-redis/v9"
)

// sentOnce is the client hook that keeps go-redis from sending a write twice. go-redis
// retries a command whose reply did not come in time (or whose connection broke after the
// command went out), which is right for a read and wrong for a script: a late issue.lua
// sent again takes a second number, a late next.lua calls a second ticket, and the caller
// hears of neither (found by `luot loadgen -national`'s verifier under load: numbers nobody
// was given, tickets called that no officer saw). Every script and every write that is not
// idempotent is therefore marked NoRetry: it is sent once, and a lost answer is an error —
// 503 to the client, whose retry is safe where it matters (a kiosk's Idempotency-Key; a
// counter's action is judged again on its state). A command that never reached Redis (a
// connection that could not be had) go-redis still sends on a fresh connection.
type sentOnce struct{}

// once is cmd marked NoRetry; every other method is cmd's own.
type once struct{ redis.Cmder }

func (once) NoRetry() bool { return true }

// notTwice are the commands a second execution would change again.
var notTwice = map[string]bool{
	"eval": true, "evalsha": true, "fcall": true,
	"incr": true, "incrby": true, "incrbyfloat": true, "decr": true, "decrby": true,
	"hincrby": true, "hincrbyfloat": true, "zincrby": true,
	"xadd": true, "rpush": true, "lpush": true, "lpop": true, "rpop": true, "spop": true,
	"getdel": true, "publish": true, "spublish": true,
}

func markOnce(cmd redis.Cmder) redis.Cmder {
	if notTwice[strings.ToLower(cmd.Name())] {
		return once{cmd}
	}
	return cmd
}

func (sentOnce) DialHook(next redis.DialHook) redis.DialHook { return next }

func (sentOnce) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { return next(ctx, markOnce(cmd)) }
}

func (sentOnce) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		marked := cmds
		for i, cmd := range cmds {
			if m := markOnce(cmd); m != cmd {
				if &marked[0] == &cmds[0] {
					marked = append([]redis.Cmder(nil), cmds...)
				}
				marked[i] = m
			}
		}
		return next(ctx, marked)
	}
}

var _ redis.Hook = sentOnce{}
