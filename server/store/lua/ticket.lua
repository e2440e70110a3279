-- ticket.lua: read a ticket with how many are ahead of it and how many open counters serve
-- its service, in one step.
-- KEYS[1..5] the header of base.lua, then KEYS[6 ..] the keys of the counters of ARGV[3], in
-- its order. ARGV[1] the site's key prefix (base.lua), then:
--   ARGV[2] ticket id   ARGV[3] counter ids, comma-separated
-- Returns {ticket (absent if unknown), ahead (-1 unless waiting), open_counters (serving its
--          service), avg_minutes (its service's moving average, "" unknown), at (the id of the
--          site's last event, "0-0" if none: the read reflects exactly the events up to it,
--          which is how the live ticket feed orders reads and events)}.
local t = hgetall(k('t', ARGV[2]))
if not t then return '{}' end
local last = redis.call('XREVRANGE', STREAM, '+', '-', 'COUNT', 1)
local at = '0-0'
if #last > 0 then at = last[1][1] end
return cjson.encode({ticket = t, ahead = ahead_of(t), open_counters = open_serving(t.service, ARGV[3], keys_from(6), false),
  avg_minutes = avg_minutes(t.service), at = at})
