-- ticket.lua: read a ticket with how many are ahead of it and how many open counters serve
-- its service, in one step.
-- KEYS[1] the site's stream, ARGV[1] the site's key prefix (base.lua), then:
--   ARGV[2] ticket id   ARGV[3] counter ids, comma-separated
-- Returns {ticket {field, value, …} (empty if unknown), ahead (-1 unless waiting),
--          open counters serving its service, moving average minutes or "",
--          the id of the site's last event ("0-0" if none): the read reflects exactly the
--          events up to it, which is how the live ticket feed orders reads and events}.
local flat = redis.call('HGETALL', k('t', ARGV[2]))
if #flat == 0 then return {{}, -1, 0, '', ''} end
local t = {}
for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local at = '0-0'
if #last > 0 then at = last[1][1] end
return {flat, ahead_of(t), open_serving(t.service, ARGV[3], false), avg_minutes(t.service), at}
