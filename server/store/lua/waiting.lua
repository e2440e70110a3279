-- waiting.lua: the waiting tickets of a site in calling order — priority class, then issue
-- order, across its services' queues and its counters' reserved sets — for the officer who
-- looks for a number to call. Read-only, and bounded: it reads at most ARGV[2] tickets of each
-- queue, never the day's tickets. KEYS[1..5] the header of base.lua, then KEYS[6] the number
-- index of the local day (luot:{site}:num:<day>), KEYS[7 ..] the queues of the site's
-- services and the reserved sets of its counters. ARGV[1] the site's key prefix (base.lua),
-- then:
--   ARGV[2] how many to list, from the first in calling order
--   ARGV[3] ticket numbers to look up in the day's number index, comma-separated
-- Returns {total (how many wait in all), first [{id, number}] (the first ARGV[2] in calling
--          order), found [id] (of the looked-up numbers that wait)}.
local n = tonumber(ARGV[2])
local sets = keys_from(7)

-- the first n of every set merged, set by set: once n are known, a set is read only for the
-- tickets called before the n-th so far
local total, ids, scores = 0, {}, {}
for _, key in ipairs(sets) do
  total = total + redis.call('ZCARD', key)
  local flat
  if #ids < n then
    flat = redis.call('ZRANGE', key, 0, n - 1, 'WITHSCORES')
  else
    flat = redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', scores[n]), 'WITHSCORES', 'LIMIT', 0, n)
  end
  if #flat > 0 then
    local mi, ms, a, b = {}, {}, 1, 1
    while #mi < n and (a <= #ids or b < #flat) do
      local sb = b < #flat and tonumber(flat[b + 1])
      if a <= #ids and (not sb or scores[a] < sb) then
        mi[#mi + 1], ms[#ms + 1], a = ids[a], scores[a], a + 1
      else
        mi[#mi + 1], ms[#ms + 1], b = flat[b], sb, b + 2
      end
    end
    ids, scores = mi, ms
  end
end

local first = {}
for _, id in ipairs(ids) do
  first[#first + 1] = {id = id, number = redis.call('HGET', k('t', id), 'number') or ''}
end

local found = {}
local numbers = split(ARGV[3])
if #numbers > 0 then
  for _, id in ipairs(redis.call('HMGET', KEYS[6], unpack(numbers))) do
    if id and redis.call('HGET', k('t', id), 'status') == 'waiting' then found[#found + 1] = id end
  end
end
return cjson.encode({total = total, first = first, found = found})
