-- rate.lua: record the citizen's rating of a finished ticket; one rating per ticket.
-- KEYS[1..5] the header of base.lua, then KEYS[6] the idempotency key
-- (luot:{site}:idem:<caller>|<key>). ARGV[1..5] the header of lib.lua, then:
--   ARGV[6] ticket id   ARGV[7] level   ARGV[8] comment   ARGV[9] counter the rating device
--   belongs to ("" for a citizen with the id)   ARGV[10] window after finishing, ms
--   ARGV[11] idempotency key ("" none)
-- Returns {ticket}. Errors: no_ticket, not_done, already_rated, wrong_counter, rating_closed.
-- The window holds for the counter's rating panel and for a citizen alike: a rating judges the
-- service just given, not one of yesterday.
local id, level, comment, device_counter, window, idem =
  ARGV[6], ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10]), ARGV[11]
local idem_key = KEYS[6]
if idem ~= '' and redis.call('GET', idem_key) == id then
  return result(nil, load_ticket(id))
end
local t = load_ticket(id)
if not t then return redis.error_reply('no_ticket') end
if t.status ~= 'done' then return redis.error_reply('not_done') end
if t.rating ~= '' then return redis.error_reply('already_rated') end
if device_counter ~= '' and t.counter ~= device_counter then return redis.error_reply('wrong_counter') end
if NOW > tonumber(t.finished_at) + window then return redis.error_reply('rating_closed') end
t.rating = level
t.comment = comment
t.rated_at = NOW
put(k('t', id), t, 'rating', 'comment', 'rated_at')
if idem ~= '' then redis.call('SET', idem_key, id, 'EX', 86400) end
emit('ticket.rated', t, nil, level)
return result(nil, t)
