-- lib.lua: the prelude of every transition script, after base.lua and figures.lua (Redis
-- scripts cannot share functions).
--
-- Every transition is called with the KEYS header of base.lua (the stream, w, open, svcmin,
-- moved: KEYS[1..5]), its own keys from KEYS[6], and this ARGV header:
--   ARGV[1] the site's key prefix "luot:{site}:"   ARGV[2] now, Unix milliseconds (the app's clock)
--   ARGV[3] who acts ("username" or "device:id")     ARGV[4] stream MINID: the events before
--   this Unix ms are trimmed (the start of the local day before yesterday, store.StreamMinID)
--   ARGV[5] TTL of ticket records, seconds
-- The scripts that act on a counter (next, call, act_on_current, transfer, open,
-- pause_resume, close) have KEYS[6] = the counter's key and ARGV[6] = its id.
-- Errors are redis.error_reply of a word of queue's vocabulary (queue/reasons.go, queue/errors.go).

local NOW, BY, MINID, TTL = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])

-- put writes the given fields of a table to its hash.
local function put(key, t, ...)
  local args = {}
  for _, f in ipairs({...}) do
    args[#args + 1] = f
    args[#args + 1] = tostring(t[f])
  end
  redis.call('HSET', key, unpack(args))
end

local function load_ticket(id)
  return hgetall(k('t', id))
end

-- counters_changed drops the kept counts of open counters (base.lua's open_serving): a
-- counter opened, paused, resumed or closed, or its services changed.
local function counters_changed()
  redis.call('DEL', OPEN)
end

-- load_counter reads the counter cid at key (a closed one when it has no record).
local function load_counter(key, cid)
  return hgetall(key) or
    {id = cid, state = 'closed', officer = '', ticket = '', services = '', reason = '', since = ''}
end

-- check_holder refuses an officer who does not hold the counter (holder '' = a supervisor acts).
local function check_holder(c, holder)
  if holder ~= '' and c.officer ~= holder then
    return redis.error_reply('not_holder')
  end
  return nil
end

-- acting_counter is the counter an action names (KEYS[6], ARGV[6]) when the action may go on:
-- not closed, and held by ARGV[7] unless that is '' (a supervisor acts). Returns the counter,
-- or nil and the error to return: counter_closed, not_holder.
local function acting_counter()
  local c = load_counter(KEYS[6], ARGV[6])
  if c.state == 'closed' then return nil, redis.error_reply('counter_closed') end
  local err = check_holder(c, ARGV[7])
  if err then return nil, err end
  return c
end

-- score ranks a waiting ticket: its class, then its issue order, or its rank when it has one
-- (an appointment checked in late ranks at its slot's start, a postponed ticket further back:
-- checkin.lua, postpone.lua; fractions of 1/4096 stay exact next to 2^40)
local function score(t)
  local o = t.order
  if t.rank and t.rank ~= '' then o = t.rank end
  return string.format('%.4f', tonumber(t.class) * ORDER_SPAN + tonumber(o))
end

-- enqueue puts a waiting ticket in its queue: its counter's reserved set, or its service's queue.
local function enqueue(t)
  if t.reserved ~= '' then
    redis.call('ZADD', k('r', t.reserved), score(t), t.id)
  else
    redis.call('ZADD', k('q', t.service), score(t), t.id)
  end
  redis.call('HINCRBY', WAITING, t.service, 1)
end

-- add_ticket keeps a ticket just issued (issue.lua) or checked in (checkin.lua) and queues it:
-- its record (the fields of every ticket, then the given others: an appointment's), its place
-- in the day's tickets by issue order (dk) and in the day's number index (nk).
local function add_ticket(t, dk, nk, ...)
  local key = k('t', t.id)
  put(key, t, 'id', 'number', 'site', 'service', 'priority', 'status', 'channel', 'issued_at',
    'called_at', 'started_at', 'finished_at', 'counter', 'officer', 'recalls', 'rating', 'order',
    'class', 'reserved', 'day', 'transfers', 'priority_by', 'issued_by', 'issued_service', 'hour', 'idem',
    ...)
  redis.call('EXPIRE', key, TTL)
  redis.call('ZADD', dk, t.order, t.id)
  redis.call('EXPIRE', dk, TTL)
  redis.call('HSET', nk, t.number, t.id)
  redis.call('EXPIRE', nk, TTL)
  enqueue(t)
end

local function dequeue(t)
  if t.reserved ~= '' then
    redis.call('ZREM', k('r', t.reserved), t.id)
  else
    redis.call('ZREM', k('q', t.service), t.id)
  end
  redis.call('HINCRBY', WAITING, t.service, -1)
end

-- emit appends one event to the site's stream and, when it concerns a ticket, to the
-- ticket's history, and brings the report figures of the ticket's day up to date
-- (figures.lua): the state change, its event and the figures are one atomic step.
local function emit(typ, t, c, detail)
  if t then keep_figures(t, TTL) end
  local w = redis.call('HGETALL', WAITING)
  local waiting = {}
  for i = 1, #w, 2 do waiting[w[i]] = tonumber(w[i + 1]) end
  local tj, cj, cid = '', '', ''
  if t then tj = cjson.encode(t) end
  if c then cj = cjson.encode(c); cid = c.id end
  local wj = '{}'
  if next(waiting) then wj = cjson.encode(waiting) end
  -- the counter's current ticket, when it is not the event's own (a pause while serving)
  local ctj = ''
  if c and c.ticket ~= '' and (not t or t.id ~= c.ticket) then
    local cur = hgetall(k('t', c.ticket))
    if cur then ctj = cjson.encode(cur) end
  end
  local id = redis.call('XADD', STREAM, '*',
    'type', typ, 'at', NOW, 'by', BY, 'counter', cid, 'detail', detail or '',
    'ticket', tj, 'cstate', cj, 'cticket', ctj, 'waiting', wj)
  -- trimmed by age, not by count; never past the new event (an app clock ahead of Redis's)
  local idms = tonumber(string.match(id, '^(%d+)'))
  if MINID and idms and MINID < idms then
    redis.call('XTRIM', STREAM, 'MINID', string.format('%d', MINID))
  end
  -- tells the live feeds this stream moved, on the site's sharded channel (its own slot):
  -- they read only the streams that moved (store/follow.go)
  redis.call('SPUBLISH', MOVED, id)
  if t then
    -- the history names the counter an event comes from; an event without one (a priority
    -- change, a rating) comes from the counter the ticket is at, or was served at
    local hc = cid
    if hc == '' and t.counter then hc = t.counter end
    local h = k('h', t.id)
    redis.call('RPUSH', h, cjson.encode({id = id, at = NOW, type = typ, by = BY, counter = hc, detail = detail or ''}))
    redis.call('EXPIRE', h, TTL)
  end
  return id
end

-- learn folds a finished service time into the service's moving average (minutes), which
-- the wait estimate uses. The time runs from the start, or from the call when the officer
-- went straight to the next citizen without pressing start (the usual case at a busy
-- counter). Samples under 20 seconds (a ticket skipped with next) and over 4 hours (a
-- forgotten ticket) are ignored.
local function learn(t)
  local from = t.started_at
  if from == nil or from == '' then from = t.called_at end
  if from == nil or from == '' then return end
  local minutes = (NOW - tonumber(from)) / 60000
  if minutes < 1 / 3 or minutes > 240 then return end
  local old = tonumber(redis.call('HGET', SVCMIN, t.service))
  local new = minutes
  if old then new = old * 0.8 + minutes * 0.2 end
  redis.call('HSET', SVCMIN, t.service, string.format('%.3f', new))
end

-- finish_current ends the current ticket of the counter c (at ckey) before another is called.
local function finish_current(c, ckey)
  if c.ticket == '' then return end
  local t = load_ticket(c.ticket)
  c.ticket = ''
  if not t or (t.status ~= 'called' and t.status ~= 'serving') then return end
  t.status = 'done'
  t.finished_at = NOW
  put(k('t', t.id), t, 'status', 'finished_at')
  learn(t)
  redis.call('HSET', ckey, 'ticket', '')
  emit('ticket.done', t, c, '')
end

-- call_ticket hands a dequeued ticket to the counter c (at ckey).
local function call_ticket(c, ckey, t, detail)
  t.status = 'called'
  t.called_at = NOW
  t.counter = c.id
  t.officer = c.officer
  t.recalls = 0
  t.reserved = ''
  put(k('t', t.id), t, 'status', 'called_at', 'counter', 'officer', 'recalls', 'reserved')
  c.ticket = t.id
  redis.call('HSET', ckey, 'ticket', t.id)
  emit('ticket.called', t, c, detail)
end

-- result is the reply of a transition on a counter or a ticket (store's counterReply): the
-- counter after the change and the ticket it concerns, each absent when nil.
local function result(c, t)
  return cjson.encode({counter = c, ticket = t})
end

-- ticket_view is the reply of a transition that gives a citizen their ticket (issue, checkin,
-- postpone; store's ticketViewReply): the ticket, how many are ahead, how many open counters
-- of ckeys (ids: counters) serve its service, its service's average minutes ('' unknown).
-- keep as open_serving's.
local function ticket_view(t, counters, ckeys, keep)
  return {ticket = t, ahead = ahead_of(t), open_counters = open_serving(t.service, counters, ckeys, keep),
    avg_minutes = avg_minutes(t.service)}
end

-- start_rank is the rank of an appointment as if issued at its slot's start (starts, ms) on a
-- day: just behind the last ticket of the day (its list: dk) issued before the start, and
-- behind earlier appointments of that place, counted in the day's hash rk (n/4096: exact in a
-- double next to 2^40, see base.lua's ORDER_SPAN). checkin.lua (a late check-in) and place_due
-- (an early one, once the slot begins).
local function start_rank(dk, rk, starts)
  local lo, hi, last = 0, redis.call('ZCARD', dk) - 1, 0
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    local e = redis.call('ZRANGE', dk, mid, mid, 'WITHSCORES')
    local at = tonumber(redis.call('HGET', k('t', e[1]), 'issued_at') or '0')
    if at < starts then last = tonumber(e[2]); lo = mid + 1 else hi = mid - 1 end
  end
  local n = redis.call('HINCRBY', rk, tostring(last), 1)
  redis.call('EXPIRE', rk, 172800)
  return string.format('%.4f', last + math.min(n, 4095) / 4096)
end

-- place_due places the appointments of a day checked in before their slot's start
-- (checkin.lua keeps them in the day's apwait: wait) whose slot has begun: each just behind
-- the last ticket of the day (its list: dk; the ranks of its places: rk) issued before its
-- start, in check-in order, with a ticket.ranked event. rerank.lua runs it every minute and
-- after the site's events; issue.lua runs it before it numbers a ticket, so no walk-in issued
-- after a slot's start is ever ranked ahead of its appointments. Returns how many it placed.
local function place_due(wait, dk, rk)
  local due = redis.call('ZRANGEBYSCORE', wait, '-inf', NOW, 'WITHSCORES')
  local placed = 0
  -- in check-in order (the members of one start are otherwise in the order of their ids)
  local list = {}
  for i = 1, #due, 2 do
    redis.call('ZREM', wait, due[i])
    local t = load_ticket(due[i])
    if t then list[#list + 1] = {id = due[i], starts = tonumber(due[i + 1]), t = t} end
  end
  table.sort(list, function(a, b) return tonumber(a.t.order) < tonumber(b.t.order) end)
  for _, item in ipairs(list) do
    local id, starts, t = item.id, item.starts, item.t
    if t.status == 'waiting' and t.postponed ~= '1' then
      t.rank = start_rank(dk, rk, starts)
      put(k('t', id), t, 'rank')
      local q = k('q', t.service)
      if t.reserved ~= '' then q = k('r', t.reserved) end
      if redis.call('ZSCORE', q, id) then redis.call('ZADD', q, score(t), id) end
      emit('ticket.ranked', t, nil, 'slot')
      placed = placed + 1
    end
  end
  return placed
end
