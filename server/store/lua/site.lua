-- site.lua: read a site's live state in one atomic step, with the id of the last event it
-- reflects, so that a live client can take this snapshot and then apply later events only.
-- KEYS[1] the site's stream, ARGV[1] the site's key prefix (base.lua), then:
--   ARGV[2] local day YYYYMMDD   ARGV[3] counter ids, comma-separated
--   ARGV[4] service ids, comma-separated
-- Returns {last event id ("0-0" if none), waiting {service, n, …}, averages {service, minutes, …},
--          issued today {n per service, in ARGV[4] order}, {counter json, ticket json or ""}…}.
local day = ARGV[2]

local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local last_id = '0-0'
if #last > 0 then last_id = last[1][1] end

local issued = {}
for _, svc in ipairs(split(ARGV[4])) do
  issued[#issued + 1] = tonumber(redis.call('GET', k('n', svc, day)) or '0')
end

local counters = {}
for _, cid in ipairs(split(ARGV[3])) do
  local c = hgetall(k('c', cid))
  local cj, tj = '', ''
  if c then
    cj = cjson.encode(c)
    local t = c.ticket and c.ticket ~= '' and hgetall(k('t', c.ticket))
    if t then tj = cjson.encode(t) end
  end
  counters[#counters + 1] = {cj, tj}
end

return {last_id, redis.call('HGETALL', k('w')), redis.call('HGETALL', k('svcmin')), issued, counters}
