-- checkin.lua: check in an appointment: its ticket joins the queue ranked as if issued at the
-- slot's start (numbered like any other, issue.lua).
-- KEYS[1..5] the header of base.lua, then KEYS[6] the open bookings' codes (bkcode)
--   KEYS[7] the closed bookings' codes of the day (bkdone)   KEYS[8] the prefix's sequence of
--   the day   KEYS[9] the site's issue order   KEYS[10] the day's tickets   KEYS[11] the day's
--   number index   KEYS[12] the day's early appointments (apwait)   KEYS[13] the ranks of the
--   day's places (aprank)   KEYS[14 ..] the keys of the site's counters of ARGV[14], in order
-- ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] the check-in code   ARGV[7] new ticket id   ARGV[8] today, YYYY-MM-DD
--   ARGV[9] today's local midnight (Unix ms)   ARGV[10] check-in opens this many ms before the start
--   ARGV[11] and closes this many ms after it   ARGV[12] local day YYYYMMDD   ARGV[13] prefix
--   ARGV[14] the site's counter ids, comma-separated   ARGV[15] local hour "07"
-- Returns {ticket, ahead, open_counters (serving the service), avg_minutes ("" unknown), booking (its id)}.
-- Errors: unknown_booking (no booking of this code here today), cancelled, checked_in,
-- "too_early <ms until it opens>", too_late.
local code, id, date, midnight = ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
local early, grace, day, prefix, counters, hour = tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12], ARGV[13], ARGV[14], ARGV[15]

local codes_key, done_key, seq_key, order_key = KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local day_key, num_key, wait_key, rank_key = KEYS[10], KEYS[11], KEYS[12], KEYS[13]
local ckeys = keys_from(14)

local bid = redis.call('HGET', codes_key, code) or redis.call('HGET', done_key, code)
local b = bid and hgetall(k('bk', bid))
if not b or b.date ~= date then return redis.error_reply('unknown_booking') end
if b.status == 'cancelled' then return redis.error_reply('cancelled') end
if b.status == 'checked_in' then return redis.error_reply('checked_in') end
if b.status ~= 'booked' then return redis.error_reply('too_late') end
local starts = midnight + tonumber(b.start_min) * 60000
if NOW < starts - early then
  return redis.error_reply('too_early ' .. string.format('%d', starts - early - NOW))
end
if NOW > starts + grace then return redis.error_reply('too_late') end

local service = b.service
local count_key = k('n', service, day)
redis.call('INCR', count_key)
redis.call('EXPIRE', count_key, 172800)
local seq = redis.call('INCR', seq_key)
redis.call('EXPIRE', seq_key, 172800)
local order = redis.call('INCR', order_key)

local EARLY_RANK = 549755813888 -- 2^39: behind any issue order of a day, within the class (base.lua's ORDER_SPAN)
-- the rank: as if issued at the slot's start. Late (after the start), just behind the last
-- ticket of the day issued before the start, and behind earlier late check-ins of that place
-- (n/4096: exact in a double next to 2^40, see base.lua's ORDER_SPAN)
local rank = ''
local early = NOW <= starts
if early then
  -- early: behind every ticket, also those issued until the start, in check-in order, until
  -- place_due (lib.lua: the first issue after the start, or rerank.lua) moves it to the start's
  -- place when the slot begins (its start in apwait)
  rank = string.format('%.4f', EARLY_RANK + order)
else
  rank = start_rank(day_key, rank_key, starts)
end

local t = {
  id = id, number = string.format('%s%03d', prefix, seq), site = b.site, service = service,
  priority = '', status = 'waiting', channel = 'appointment', issued_at = NOW,
  called_at = '', started_at = '', finished_at = '', counter = '', officer = '',
  recalls = 0, rating = '', order = order, class = 1, reserved = '', day = day,
  transfers = 0, priority_by = '', issued_by = BY, issued_service = service, hour = hour,
  idem = '', booking = bid, slot = b.start, rank = rank,
}
add_ticket(t, day_key, num_key, 'booking', 'slot', 'rank')
if early then
  redis.call('ZADD', wait_key, starts, id)
  redis.call('EXPIRE', wait_key, 172800)
end
redis.call('HSET', k('bk', bid), 'status', 'checked_in', 'ticket', id, 'checked_in_at', NOW)
redis.call('HDEL', codes_key, code)
redis.call('HSET', done_key, code, bid)
redis.call('EXPIRE', done_key, 172800)
emit('ticket.issued', t, nil, 'appointment')
local reply = ticket_view(t, counters, ckeys, false)
reply.booking = bid
return cjson.encode(reply)
