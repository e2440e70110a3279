-- postpone.lua: "I'm running late": move a waiting ticket behind the next few waiting
-- tickets of its queue, once per ticket.
-- KEYS[1..5] the header of base.lua, then KEYS[6 ..] the keys of the site's counters
-- of ARGV[8], in order. ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] ticket id   ARGV[7] places to move back   ARGV[8] the site's counter ids
-- Returns {ticket, ahead, open_counters, avg_minutes ("" unknown)}.
-- Errors: no_ticket, not_waiting, already_postponed (already once).
local id, places, counters = ARGV[6], tonumber(ARGV[7]), ARGV[8]
local t = load_ticket(id)
if not t then return redis.error_reply('no_ticket') end
if t.status ~= 'waiting' then return redis.error_reply('not_waiting') end
if t.postponed == '1' then return redis.error_reply('already_postponed') end
local q = k('q', t.service)
if t.reserved ~= '' then q = k('r', t.reserved) end
local s = redis.call('ZSCORE', q, id)
if not s then return redis.error_reply('not_waiting') end
-- behind the places-th ticket after it, before the one after that
local after = redis.call('ZRANGEBYSCORE', q, '(' .. s, '+inf', 'WITHSCORES', 'LIMIT', 0, places + 1)
local base = tonumber(t.class) * ORDER_SPAN
local new = nil
local n = #after / 2
if n > 0 then
  local last = tonumber(after[2 * math.min(n, places)])
  if n > places then
    new = (last + tonumber(after[2 * n])) / 2
  else
    new = last + 0.5
  end
end
t.postponed = '1'
if new then
  t.rank = string.format('%.4f', new - base)
  redis.call('ZADD', q, string.format('%.4f', new), id)
end
put(k('t', id), t, 'postponed', 'rank')
emit('ticket.postponed', t, nil, '')
return cjson.encode(ticket_view(t, counters, keys_from(6), false))
