package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// The live feed and why it is shaped so. One XREAD naming every site's stream cannot run on
// Redis Cluster (the streams are in different slots: CROSSSLOT), and its cost grows with
// sites × instances: every instance names every stream in every call, moved or not. Instead
// each transition script, in the same atomic step as its XADD, SPUBLISHes the new event's id
// on its site's sharded channel (movedChannel, in the site's own slot, so it is served by the
// node that holds the site). Each instance SSUBSCRIBEs to every site's channel, one
// connection per master node, and reads only the streams that moved, pipelined (grouped per
// node by the cluster client). A notification that is lost — a connection that breaks, a
// failover, a slot that moves — costs one catch-up: after every (re)subscription the feed
// reads every stream once from the last id it delivered, so no event is lost.

// maxFeedRead bounds the events read of one stream at a time: a site with more stays marked
// and is read again at once.
const maxFeedRead = 1000

// feedPing is how often a subscription is pinged to notice a dead connection.
const feedPing = 10 * time.Second

// feedChunk bounds the streams one pipeline reads (the catch-up reads every site's).
const feedChunk = 500

// Follow hands the new events of each site to fn, in order, as they arrive (the events of one
// change, written by one script, come together), until ctx ends. Every server instance
// follows the streams itself, so each delivers every event to its own clients. When Redis is
// down it retries, resuming where it stopped, so no event is skipped. reading, if not nil, is
// called once, as soon as the feed is subscribed and every stream's tail is read: from then
// on every later event reaches fn (readiness waits for it).
func (s *Store) Follow(ctx context.Context, sites []string, log *slog.Logger, reading func(), fn func(site string, events []queue.Event)) {
	last := map[string]string{} // empty until the tails are read
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		started := time.Now()
		err := s.follow(ctx, sites, last, log, &reading, fn)
		if ctx.Err() != nil {
			return
		}
		log.Warn("event feed: resubscribing", "err", err)
		if time.Since(started) > 10*time.Second {
			backoff = 100 * time.Millisecond // it ran well for a while: not a loop of failures
		}
		sleep(ctx, backoff)
		backoff = min(backoff*2, 5*time.Second)
	}
}

// note is what a subscription's reader passes on: a site whose stream moved, or the end of
// the subscription (err).
type note struct {
	site       string
	subscribed bool // a confirmation of one channel's subscription
	err        error
}

// follow subscribes, catches up and then reads the streams that move, until an error.
func (s *Store) follow(ctx context.Context, sites []string, last map[string]string, log *slog.Logger,
	reading *func(), fn func(site string, events []queue.Event)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	notes := make(chan note, 4096)
	subs, err := s.subscribe(ctx, sites, notes)
	defer func() {
		for _, ps := range subs {
			_ = ps.Close()
		}
	}()
	if err != nil {
		return err
	}
	// wait until every channel is subscribed: a change after this is notified
	dirty := map[string]bool{}
	for confirmed := 0; confirmed < len(sites); {
		select {
		case n := <-notes:
			switch {
			case n.err != nil:
				return n.err
			case n.subscribed:
				confirmed++
			default:
				dirty[n.site] = true
			}
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
			return fmt.Errorf("%d of %d channels subscribed after 10 s", confirmed, len(sites))
		}
	}
	if len(last) == 0 {
		if err := s.tails(ctx, sites, last); err != nil {
			return err
		}
		clear(dirty) // the tails are newer than anything notified so far
		if *reading != nil {
			(*reading)()
			*reading = nil
		}
	} else {
		for _, site := range sites { // what happened while not subscribed
			dirty[site] = true
		}
	}
	for {
		if len(dirty) > 0 {
			if err := s.readMoved(ctx, dirty, last, log, fn); err != nil {
				return err
			}
			if len(dirty) > 0 {
				continue // a stream had more than maxFeedRead new events
			}
		}
		select {
		case n := <-notes:
			// take it and every note already there, so that a burst is read in one round trip
			for more := true; more; {
				if n.err != nil {
					return n.err
				}
				if !n.subscribed {
					dirty[n.site] = true
				}
				select {
				case n = <-notes:
				default:
					more = false
				}
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// subscribe opens one sharded subscription per master node holding some sites' channels
// (one in all on a single node), subscribes each site's channel and starts a reader per
// subscription that passes what arrives to notes.
func (s *Store) subscribe(ctx context.Context, sites []string, notes chan<- note) ([]*redis.PubSub, error) {
	groups := map[string][]string{} // node address → channels
	nodes := map[string]*redis.Client{}
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		for _, site := range sites {
			n, err := cc.MasterForKey(ctx, movedChannel(site))
			if err != nil {
				cc.ReloadState(ctx)
				return nil, wrap(err)
			}
			addr := n.Options().Addr
			nodes[addr] = n
			groups[addr] = append(groups[addr], movedChannel(site))
		}
	} else {
		for _, site := range sites {
			groups[""] = append(groups[""], movedChannel(site))
		}
	}
	var subs []*redis.PubSub
	for addr, channels := range groups {
		var ps *redis.PubSub
		if addr == "" {
			ps = s.rdb.SSubscribe(ctx)
		} else {
			ps = nodes[addr].SSubscribe(ctx)
		}
		subs = append(subs, ps)
		// one command per channel: on a cluster node the channels of one command must share
		// a slot; the commands are only written, the confirmations arrive in Receive
		for i := 0; i < len(channels); {
			n := 1
			if addr == "" {
				n = min(feedChunk, len(channels)-i)
			}
			if err := ps.SSubscribe(ctx, channels[i:i+n]...); err != nil {
				return subs, wrap(err)
			}
			i += n
		}
		go receive(ctx, ps, notes)
	}
	return subs, nil
}

// receive passes a subscription's messages on as notes until it fails or ctx ends. Any
// error, and a channel unsubscribed by the server (its slot moved), ends it: the feed then
// subscribes anew and catches up.
func receive(ctx context.Context, ps *redis.PubSub, notes chan<- note) {
	send := func(n note) bool {
		select {
		case notes <- n:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// a connection that died without a word (a machine gone, a cable pulled) is noticed by
	// its silence: a PING every feedPing, and nothing at all heard for 3 × feedPing ends it
	pinger := time.NewTicker(feedPing)
	defer pinger.Stop()
	go func() {
		for {
			select {
			case <-pinger.C:
				_ = ps.Ping(ctx)
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		msg, err := ps.ReceiveTimeout(ctx, 3*feedPing)
		if err != nil {
			send(note{err: wrap(err)})
			return
		}
		switch m := msg.(type) {
		case *redis.Message:
			if !send(note{site: siteOfStream(m.Channel)}) {
				return
			}
		case *redis.Subscription:
			if m.Kind != "ssubscribe" {
				send(note{err: fmt.Errorf("%w: channel %s %sd by Redis (its slot moved?)", queue.ErrUnavailable, m.Channel, m.Kind)})
				return
			}
			if !send(note{site: siteOfStream(m.Channel), subscribed: true}) {
				return
			}
		case *redis.Pong:
		}
	}
}

// readMoved reads the new events of the streams marked dirty, pipelined, hands them to fn and
// unmarks the streams read to their end.
func (s *Store) readMoved(ctx context.Context, dirty map[string]bool, last map[string]string, log *slog.Logger,
	fn func(site string, events []queue.Event)) error {
	sites := make([]string, 0, min(len(dirty), feedChunk))
	for site := range dirty {
		sites = append(sites, site)
		if len(sites) == feedChunk {
			break
		}
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.XStreamSliceCmd, len(sites))
	for i, site := range sites {
		from := last[site]
		if from == "" {
			from = "0-0"
		}
		cmds[i] = pipe.XRead(ctx, &redis.XReadArgs{Streams: []string{streamKey(site), from}, Count: maxFeedRead, Block: -1})
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return wrap(err)
	}
	for i, site := range sites {
		res, err := cmds[i].Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return wrap(err)
		}
		n := 0
		for _, st := range res {
			events := make([]queue.Event, 0, len(st.Messages))
			for _, m := range st.Messages {
				last[site] = m.ID
				e, err := s.event(site, m)
				if err != nil {
					log.Error("event feed: decode", "site", site, "id", m.ID, "err", err)
					continue
				}
				events = append(events, e)
			}
			n += len(st.Messages)
			if len(events) > 0 {
				fn(site, events)
			}
		}
		if n < maxFeedRead {
			delete(dirty, site)
		}
	}
	return nil
}

// tails records the last id of every site's stream ("0-0" for a stream not yet created).
func (s *Store) tails(ctx context.Context, sites []string, last map[string]string) error {
	for i := 0; i < len(sites); i += feedChunk {
		chunk := sites[i:min(i+feedChunk, len(sites))]
		pipe := s.rdb.Pipeline()
		cmds := make([]*redis.XMessageSliceCmd, len(chunk))
		for j, site := range chunk {
			cmds[j] = pipe.XRevRangeN(ctx, streamKey(site), "+", "-", 1)
		}
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return wrap(err)
		}
		for j, site := range chunk {
			last[site] = "0-0"
			if msgs := cmds[j].Val(); len(msgs) > 0 {
				last[site] = msgs[0].ID
			}
		}
	}
	return nil
}
