-- site.lua: read a site's live state in one atomic step, with the id of the last event it
-- reflects, so that a live client can take this snapshot and then apply later events only.
-- KEYS[1..5] the header of base.lua, then KEYS[6 ..] the keys of the counters of ARGV[2], in
-- its order, then the counts of the day of the services of ARGV[3], in its order.
-- ARGV[1] the site's key prefix (base.lua), then:
--   ARGV[2] counter ids, comma-separated   ARGV[3] service ids, comma-separated
-- Returns {last_id ("0-0" if none), waiting {service: n}, avg_minutes {service: minutes},
--          issued {service: n issued today}, counters {id: {counter, ticket (its current
--          one)}} of the counters that have a record}.
local last = redis.call('XREVRANGE', STREAM, '+', '-', 'COUNT', 1)
local last_id = '0-0'
if #last > 0 then last_id = last[1][1] end

local ids, services = split(ARGV[2]), split(ARGV[3])
local first_count = 6 + #ids

local issued = {}
for i, svc in ipairs(services) do
  issued[svc] = tonumber(redis.call('GET', KEYS[first_count + i - 1]) or '0')
end

local counters = {}
for i, cid in ipairs(ids) do
  local c = hgetall(KEYS[5 + i])
  if c then
    local t = nil
    if c.ticket and c.ticket ~= '' then t = hgetall(k('t', c.ticket)) end
    counters[cid] = {counter = c, ticket = t}
  end
end

-- numbers, as they are kept in strings
local function numbers(key)
  local out = {}
  local flat = redis.call('HGETALL', key)
  for i = 1, #flat, 2 do out[flat[i]] = tonumber(flat[i + 1]) end
  return out
end

return cjson.encode({last_id = last_id, waiting = numbers(WAITING), avg_minutes = numbers(SVCMIN),
  issued = issued, counters = counters})
